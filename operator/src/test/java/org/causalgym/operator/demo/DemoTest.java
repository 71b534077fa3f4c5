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
  void theDemoCommandPrintsEveryCreatedObjectAndTheStatus() throws Exception {
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = DemoMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code =
        cli.execute("demo", "--exit", "--http-port", "0", "--kubeconfig", kubeconfig.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("KIND", "Deployment           gym", "PrometheusRule       gym", "Applied")
        .contains("Skipped (")
        .contains("# CausalGymMonitoring research/gym: Ready=True Reconciled")
        .contains("kubectl patch cgm gym")
        .doesNotContain("apiVersion:");
    assertThat(kubeconfig).exists();
  }

  /** A port another process holds ends the demo with one line naming the port and its flag. */
  @ParameterizedTest
  @ValueSource(strings = {"--http-port", "--api-port"})
  void aTakenPortIsOneLineNamingThePortAndTheFlag(String flag) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = DemoMain.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "demo",
                  "--exit",
                  "--without-prometheus",
                  "--kubeconfig",
                  dir.resolve("taken.kubeconfig").toString()));
      if (!flag.equals("--http-port")) {
        args.addAll(List.of("--http-port", "0"));
      }
      args.addAll(List.of(flag, String.valueOf(taken.getLocalPort())));

      int code = cli.execute(args.toArray(String[]::new));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString().lines().toList())
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
    StringWriter out = new StringWriter();
    CommandLine cli = DemoMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));

    int code =
        cli.execute(
            "demo",
            "--exit",
            "--output",
            "yaml",
            "--http-port",
            "0",
            "--kubeconfig",
            dir.resolve("yaml.kubeconfig").toString());

    assertThat(code).isZero();
    assertThat(YamlDocuments.kinds(out.toString()))
        .containsExactly(
            "Deployment",
            "Service",
            "ServiceMonitor",
            "PrometheusRule",
            "AlertmanagerConfig",
            "ConfigMap");
    assertThat(out.toString())
        .contains("apiVersion: apps/v1")
        .contains("prometheus.io/port: \"8080\"");
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
