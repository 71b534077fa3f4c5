package org.causalgym.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.YamlDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The jar's command line, run in-process as a user runs it. */
class RenderCommandTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;

  /** What one run of the command line printed and returned. */
  record Run(int exitCode, String out, String err) {
    List<JsonNode> documents() {
      return YamlDocuments.objects(out);
    }

    List<String> kinds() {
      return YamlDocuments.kinds(out);
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Renders YAML written to a file, as a user runs render -f on it. */
  private Run render(String yaml) throws IOException {
    Path file = dir.resolve("input.yaml");
    Files.writeString(file, yaml);
    return run("render", "-f", file.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run run = run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("run", "render", "Usage: causal-gym-operator");
    assertThat(run("render", "--help").out())
        .contains("--filename", "--without-prometheus-operator", "--namespace");
  }

  static Stream<Path> samples() {
    return Repository.sampleFiles().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleRendersEveryKindWithItsOwnThreshold(Path sample) throws IOException {
    Run run = run("render", "-f", sample.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    // Read the sample independently of the operator's classes: the rendered expression carries
    // whatever threshold the sample holds today.
    JsonNode sampleSpec = YAML.readTree(sample.toFile()).path("spec");
    JsonNode threshold = sampleSpec.path("alerts").path("highErrorRate").path("threshold");
    String expected = threshold.isMissingNode() ? "0.1" : threshold.asText();
    JsonNode rules;
    if (sampleSpec.path("stack").path("mode").asText().equals("managed")) {
      // The managed Prometheus reads the plain form: its rule file in ConfigMap <name>-prometheus.
      assertThat(run.kinds())
          .contains("Deployment", "Service", "ServiceAccount", "Role", "RoleBinding", "Secret")
          .doesNotContain("ServiceMonitor", "PrometheusRule", "AlertmanagerConfig");
      JsonNode config =
          run.documents().stream()
              .filter(d -> d.at("/metadata/name").asText().endsWith("-prometheus"))
              .filter(d -> d.path("kind").asText().equals("ConfigMap"))
              .findFirst()
              .orElseThrow();
      rules = YAML.readTree(config.at("/data/rules.yaml").asText());
    } else {
      assertThat(run.kinds())
          .startsWith(
              "Deployment",
              "Service",
              "ServiceMonitor",
              "PrometheusRule",
              "AlertmanagerConfig",
              "ConfigMap");
      rules = run.documents().get(3).path("spec");
    }
    assertThat(rules.at("/groups/0/rules/0/alert").asText()).isEqualTo("HighErrorRate");
    assertThat(rules.at("/groups/0/rules/0/expr").asText()).endsWith(" > " + expected);
  }

  @Test
  void rendersTheFullSampleWithTheSpecsValues() throws IOException {
    Run run = run("render", "-f", Repository.samples().resolve("full.yaml").toString());

    List<JsonNode> docs = run.documents();
    JsonNode deployment = docs.get(0);
    assertThat(deployment.at("/metadata/namespace").asText()).isEqualTo("research");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(deployment.at("/spec/template/metadata/annotations/prometheus.io~1scrape").asText())
        .isEqualTo("true");
    assertThat(
            deployment.at("/spec/template/spec/containers/0/readinessProbe/httpGet/path").asText())
        .isEqualTo("/health/ready");
    assertThat(docs.get(2).at("/spec/endpoints/0/interval").asText()).isEqualTo("10s");
    assertThat(docs.get(3).at("/spec/groups/0/rules")).hasSize(4);
  }

  @Test
  void printsTheDashboardAsAPrettyBlockAndPromqlWithoutEscapes() {
    Run run = run("render", "-f", Repository.samples().resolve("full.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    // The JSON as a literal block, one key per line, indented under the data key.
    assertThat(run.out())
        .containsPattern("\n  causal-gym\\.json: \\|[-+]?\n    \\{\n      \"title\": ")
        .containsPattern("\n      \"panels\": \\[\n        \\{\n");
    // Every rule expression on one line as written: no quotes, escapes or folded continuation.
    List<String> exprLines = run.out().lines().filter(l -> l.trim().startsWith("expr: ")).toList();
    assertThat(exprLines).isNotEmpty();
    for (JsonNode rule : run.documents().get(3).at("/spec/groups/0/rules")) {
      assertThat(exprLines).anyMatch(l -> l.endsWith("expr: " + rule.get("expr").asText()));
    }
    // No double-quoted scalar folded over lines with a trailing backslash.
    assertThat(run.out()).doesNotContainPattern("\\\\\n");
  }

  @Test
  void printsARuleOverSeveralLinesAsALiteralBlockAndItsTextUnescapedOnOneLine() throws IOException {
    String description =
        "{{ printf \"%.2f\" $value }} of requests failed over 5m; see the Errors panel of the"
            + " dashboard, by pod";
    Run run =
        render(
            """
            apiVersion: monitoring.causal-gym.org/v1alpha1
            kind: CausalGymMonitoring
            metadata: {name: lab-7, namespace: trials}
            spec:
              app: {image: "registry.example.org/lab:7"}
              alerts:
                additional:
                  - name: ErrorRatio
                    description: '%s'
                    expr: |
                      sum(rate(lab_errors_total[5m]))
                        / on() group_left
                      sum(rate(lab_requests_total[5m])) > 0.05
            """
                .formatted(description));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "      expr: |\n"
                + "        sum(rate(lab_errors_total[5m]))\n"
                + "          / on() group_left\n"
                + "        sum(rate(lab_requests_total[5m])) > 0.05\n")
        .contains("\n        description: '" + description + "'\n");
    JsonNode rules = run.documents().get(3).at("/spec/groups/0/rules");
    JsonNode rule = rules.get(rules.size() - 1);
    assertThat(rule.get("expr").asText())
        .isEqualTo(
            "sum(rate(lab_errors_total[5m]))\n  / on() group_left\n"
                + "sum(rate(lab_requests_total[5m])) > 0.05\n");
    assertThat(rule.at("/annotations/description").asText()).isEqualTo(description);
  }

  @Test
  void withoutThePrometheusOperatorRendersTheWorkloadPlainConfigurationAndDashboards()
      throws IOException {
    Run run =
        run(
            "render",
            "--without-prometheus-operator",
            "-f",
            Repository.samples().resolve("full.yaml").toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.kinds())
        .containsExactly("Deployment", "Service", "Secret", "ConfigMap", "ConfigMap");
    assertThat(run.documents().get(2).at("/metadata/name").asText()).isEqualTo("gym-alertmanager");
  }

  @Test
  void readsStandardInputAndDefaultsTheNamespace() throws IOException {
    InputStream stdin = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream(
              Files.readString(Repository.samples().resolve("minimal.yaml"))
                  .getBytes(StandardCharsets.UTF_8)));
      Run run = run("render", "-f", "-", "-n", "team-a");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.documents())
          .allSatisfy(d -> assertThat(d.at("/metadata/namespace").asText()).isEqualTo("team-a"));
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void invalidInputExitsNonZeroNamingTheFieldAndPrintsNoObject() throws IOException {
    String valid = Files.readString(Repository.samples().resolve("minimal.yaml"));
    String invalid =
        """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata: {name: broken, namespace: lab}
        spec:
          app: {image: gym:1, port: 0}
          alerts: {highErrorRate: {threshold: -2}}
        """;
    Run run = render(valid + "---\n" + invalid);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("document 2, lab/broken: spec.app.port: must have a minimum value of 1")
        .contains("lab/broken: spec.alerts.highErrorRate.threshold");
  }

  @Test
  void aBadRuleSaysWhichReleasesRenderCheckedAndWhy() throws IOException {
    Run run =
        render(
            """
            apiVersion: monitoring.causal-gym.org/v1alpha1
            kind: CausalGymMonitoring
            metadata: {name: edge-5, namespace: lab-east}
            spec:
              app: {image: "registry.example.org/edge:2"}
              stack: {mode: managed, prometheus: {image: "registry.example.org/prom:v3.3.0"}}
              alerts:
                additional: [{name: EdgeSlow, expr: "max(edge_latency_seconds > 3"}]
            """);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains(
            "lab-east/edge-5: spec.alerts.additional[0].expr: ",
            "(checked for Prometheus 3.3.0: spec.stack.prometheus.image)",
            "note: ",
            "render asks no Prometheus, so alert rules were checked for Prometheus 3.3.0"
                + " (spec.stack.prometheus.image); set spec.prometheus.version");
  }

  @Test
  void aMistypedFieldIsRefusedByName() throws IOException {
    Run run =
        render(
            """
                    apiVersion: monitoring.causal-gym.org/v1alpha1
                    kind: CausalGymMonitoring
                    metadata: {name: gym}
                    spec:
                      app: {image: gym:1}
                      alerts: {highErrorRate: {threshhold: 0.5}}
                    """);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("spec.alerts.highErrorRate.threshhold: unknown field");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedByName() throws IOException {
    Run run =
        render(
            """
                    apiVersion: monitoring.causal-gym.org/v1alpha1
                    kind: CausalGymMonitoring
                    metadata: {name: gym}
                    spec: {app: {image: gym:1, replicas: many}}
                    """);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("spec.app.replicas");
  }

  @Test
  void anUnknownReceiverTypeIsRefusedByName() throws IOException {
    Run run =
        render(
            """
            apiVersion: monitoring.causal-gym.org/v1alpha1
            kind: CausalGymMonitoring
            metadata: {name: gym}
            spec:
              app: {image: gym:1}
              alertmanager: {receivers: [{name: pager, pagerduty: {routingKey: x}}]}
            """);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("spec.alertmanager.receivers[0].pagerduty: unknown field");
  }

  @Test
  void aLiteralPasswordIsRefusedByNameAndNotRepeated() {
    Run run = run("render", "-f", Repository.testResource("literal-password.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("spec.alertmanager.receivers[0].email.authPassword: must reference a Secret key")
        .doesNotContain(Repository.LITERAL_PASSWORD);
  }

  @Test
  void anotherKindIsRefused() throws IOException {
    Run run = render("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("apiVersion/kind").contains("v1/ConfigMap");
  }

  @Test
  void aMissingFileIsReported() {
    Run run = run("render", "-f", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: " + dir.resolve("nope.yaml") + ": no such file\n");
  }
}
