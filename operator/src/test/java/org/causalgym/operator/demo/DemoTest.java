package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.YamlDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The README's main command, run in-process, and its API read as a user would read it. */
class DemoTest {

  @TempDir Path dir;

  @Test
  void theFirstScreenSaysWhatRunsListsWhatWasMadeAndEndsWithTheNextCommands() throws Exception {
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    Path log = dir.resolve("demo.log");

    Run run = demo("--exit", "--http-port", "0", "--kubeconfig", kubeconfig.toString());

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("# Causal Gym demo: an in-process Kubernetes API")
        .contains("no pod runs", "the real operator");
    assertThat(lines.get(1)).contains(log.toAbsolutePath().toString(), "--verbose");
    int next = lines.indexOf(lines.stream().filter(l -> l.startsWith("# Next")).findFirst().get());
    assertThat(next).as(run.out()).isLessThanOrEqualTo(30);
    int header = lines.indexOf(String.format("%-20s %-24s %s", "KIND", "NAME", "STATE"));
    int skippedLine =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("# Skipped ")).findFirst().get());
    List<String> made = lines.subList(header + 1, skippedLine);
    assertThat(made)
        .isNotEmpty()
        .noneMatch(l -> l.contains("Skipped"))
        .anyMatch(l -> l.matches("Deployment +gym +Applied"));
    // Every owned kind is either a row of the table or counted on the one line of the skipped.
    int skipped = OwnedObject.values().length - made.size();
    assertThat(lines.get(skippedLine))
        .startsWith("# Skipped " + skipped + ", as status.resources says: ")
        .contains("(spec.logging.enabled is false)");
    assertThat(lines)
        .anyMatch(l -> l.startsWith("# Available=False") && l.endsWith("runs no pods)"));
    assertThat(run.out())
        .contains("# CausalGymMonitoring research/gym: Ready=True Reconciled")
        .contains("kubectl patch cgm gym")
        .doesNotContain("apiVersion:");
    // The operator's and the frameworks' logs went to the file, not to the screen.
    assertThat(log).content().contains("Ready=True Reconciled");
    assertThat(run.err()).isEmpty();
    assertThat(kubeconfig).exists();
  }

  @Test
  void verbosePrintsTheLogsInsteadOfWritingTheFile() throws Exception {
    Run run =
        demo(
            "--exit",
            "--verbose",
            "--without-prometheus",
            "--http-port",
            "0",
            "--kubeconfig",
            dir.resolve("verbose.kubeconfig").toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines().toList().get(1)).startsWith("# Logs: printed here");
    assertThat(dir.resolve("demo.log")).doesNotExist();
  }

  /**
   * The default health port taken by another process: the demo says so and serves on a free one,
   * where an explicit --http-port is refused (below).
   */
  @Test
  void aTakenDefaultPortFallsBackToAFreeOneAndSaysSo() throws Exception {
    try (ServerSocket held = holdIfFree(DemoCommand.DEFAULT_HTTP_PORT)) {
      Run run =
          demo(
              "--exit",
              "--without-prometheus",
              "--kubeconfig",
              dir.resolve("fallback.kubeconfig").toString());

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out())
          .containsPattern(
              "# Port "
                  + DemoCommand.DEFAULT_HTTP_PORT
                  + " is taken, so health and metrics are on [1-9][0-9]* \\(--http-port chooses\\)\\.");
    }
  }

  /** The port, held by this test where nothing else holds it; taken either way. */
  private static ServerSocket holdIfFree(int port) throws Exception {
    try {
      return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    } catch (java.net.BindException takenAlready) {
      return new ServerSocket();
    }
  }

  /** The demo run in-process, its logs into a file of this test's directory. */
  private Run demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DemoMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all =
        new ArrayList<>(List.of("demo", "--log-file", dir.resolve("demo.log").toString()));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int code, String out, String err) {}

  /** A port another process holds ends the demo with one line naming the port and its flag. */
  @ParameterizedTest
  @ValueSource(strings = {"--http-port", "--api-port"})
  void aTakenPortIsOneLineNamingThePortAndTheFlag(String flag) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--exit",
                  "--without-prometheus",
                  "--kubeconfig",
                  dir.resolve("taken.kubeconfig").toString()));
      if (!flag.equals("--http-port")) {
        args.addAll(List.of("--http-port", "0"));
      }
      args.addAll(List.of(flag, String.valueOf(taken.getLocalPort())));

      Run run = demo(args.toArray(String[]::new));

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err().lines().toList())
          .containsExactly(
              "error: port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is taken; choose another with "
                  + flag
                  + " (0 picks a free one)");
    }
  }

  @Test
  void theDemoCommandPrintsTheWholeObjectsAsYamlOnRequest() throws Exception {
    Run run =
        demo(
            "--exit",
            "--output",
            "yaml",
            "--http-port",
            "0",
            "--kubeconfig",
            dir.resolve("yaml.kubeconfig").toString());

    assertThat(run.code()).isZero();
    assertThat(YamlDocuments.kinds(run.out()))
        .containsExactly(
            "Deployment",
            "Service",
            "ServiceMonitor",
            "PrometheusRule",
            "AlertmanagerConfig",
            "ConfigMap");
    assertThat(run.out()).contains("apiVersion: apps/v1").contains("prometheus.io/port: \"8080\"");
  }

  @Test
  void theDemoApiServesTheObjectsAndAThresholdEditReachesTheRule() throws Exception {
    CausalGymMonitoring sample = Repository.resource(Repository.samples().resolve("full.yaml"));
    try (Demo demo = Demo.start(sample, 0, 0, false)) {
      Path kubeconfig = dir.resolve("demo.kubeconfig");
      demo.writeKubeconfig(kubeconfig);
      try (KubernetesClient user =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build()) {
        assertThat(user.getNamespace()).isEqualTo("research");
        assertThat(user.apps().deployments().withName("gym").get()).isNotNull();
        assertThat(user.configMaps().withName("gym-dashboards").get()).isNotNull();
        assertThat(
                user.resources(CausalGymMonitoring.class)
                    .withName("gym")
                    .get()
                    .getStatus()
                    .conditions)
            .filteredOn(c -> c.getType().equals("Ready"))
            .extracting(c -> c.getReason())
            .containsExactly("Reconciled");

        user.resources(CausalGymMonitoring.class)
            .withName("gym")
            .edit(
                cr -> {
                  cr.getSpec().alerts.highErrorRate.threshold = 0.75;
                  return cr;
                });
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(rules(user).get(0).getExpr().getStrVal())
                        .isEqualTo(
                            "rate(causal_gym_errors{job=\"gym\", namespace=\"research\"}[5m]) > 0.75"));

        // kubectl patch --type=merge: a list in the patch replaces the list (RFC 7386).
        user.resources(CausalGymMonitoring.class)
            .withName("gym")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"alerts\":{\"additional\":[{\"name\":\"Only\",\"expr\":\"up == 0\"}]}}}");
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(rules(user))
                        .extracting(r -> r.getAlert())
                        .containsExactly(
                            "HighErrorRate", "HighMemoryUsage", "ServiceDown", "Only"));
        // A merge patch the CRD refuses is refused, naming the field.
        assertThatThrownBy(
                () ->
                    user.resources(CausalGymMonitoring.class)
                        .withName("gym")
                        .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"app\":{\"port\":\"5000\"}}}"))
            .hasMessageContaining("spec.app.port");
      }
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + demo.httpPort() + "/readyz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }

  private static List<Rule> rules(KubernetesClient user) {
    return user.resources(PrometheusRule.class)
        .withName("gym")
        .get()
        .getSpec()
        .getGroups()
        .get(0)
        .getRules();
  }
}
