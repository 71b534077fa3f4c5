package org.causalgym.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalgym.operator.observe.UrlPolicy;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/** The Helm chart lints, renders with its defaults and with watchNamespaces, and stays in sync. */
class HelmChartTest {

  @Test
  void theChartLintsStrictly() {
    LintResult lint = new Helm(HelmChart.CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  /**
   * The install of docs/operating.md's "Try it on a real cluster", as written there: its --set
   * values run the image it builds and loads (never pulled), in the Deployment whose rollout it
   * waits for.
   */
  @Test
  void theTryItOnARealClusterCommandsRunTheImageTheyLoad() throws IOException {
    String doc = Files.readString(Repository.root().resolve("docs/operating.md"));
    String section =
        doc.substring(doc.indexOf("## Try it on a real cluster"), doc.indexOf("## Upgrades", 1));
    Matcher build = Pattern.compile("docker build -t (\\S+) \\.").matcher(section);
    Matcher install = Pattern.compile("helm install (\\S+) (\\S+) ").matcher(section);
    Matcher rollout = Pattern.compile("rollout status deployment/(\\S+)").matcher(section);
    assertThat(build.find() && install.find() && rollout.find()).as(section).isTrue();
    assertThat(install.group(1)).isEqualTo(HelmChart.RELEASE);
    assertThat(Repository.root().resolve(install.group(2))).isEqualTo(HelmChart.CHART);
    Map<String, Object> values = new TreeMap<>();
    Matcher set = Pattern.compile("--set ([\\w.]+)=(\\S+)").matcher(section);
    while (set.find()) {
      values.put(set.group(1), set.group(2));
    }
    assertThat(section).contains("kind load docker-image " + build.group(1));

    JsonNode deployment = HelmChart.ofKind(HelmChart.render(values), "Deployment").get(0);
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(deployment.at("/metadata/name").asText()).isEqualTo(rollout.group(1));
    assertThat(container.path("image").asText()).isEqualTo(build.group(1));
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Never");
  }

  @Test
  void defaultsRenderAClusterWideOperatorWithProbesAndARestrictedPod() throws IOException {
    List<JsonNode> objects = HelmChart.render(Map.of());

    assertThat(objects.stream().map(o -> o.path("kind").asText()))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment");
    JsonNode pod = HelmChart.ofKind(objects, "Deployment").get(0).at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop").toString())
        .isEqualTo("[\"ALL\"]");
    assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
    assertThat(env(container))
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("LEADER_ELECTION_NAMESPACE", HelmChart.NAMESPACE)
        .containsEntry("HTTP_PORT", "8080")
        .containsEntry("LOG_FORMAT", "json")
        .containsEntry("PROMETHEUS_POLL_TIMEOUT", "10s")
        .containsEntry("PROMETHEUS_MAX_RESPONSE_BYTES", "16Mi")
        .containsEntry("PROMETHEUS_POLL_THREADS", "4");
  }

  @Test
  void watchNamespacesRenderRolesInExactlyThoseNamespaces() throws IOException {
    List<JsonNode> objects =
        HelmChart.render(Map.of("watchNamespaces[0]", "lab-a", "watchNamespaces[1]", "lab-b"));

    assertThat(
            HelmChart.ofKind(objects, "Role").stream()
                .map(r -> r.at("/metadata/namespace").asText()))
        .containsExactlyInAnyOrder("lab-a", "lab-b", HelmChart.NAMESPACE);
    assertThat(HelmChart.ofKind(objects, "ClusterRole"))
        .extracting(r -> r.at("/metadata/name").asText())
        .containsExactly("causal-gym-operator-crds");
    JsonNode container =
        HelmChart.ofKind(objects, "Deployment").get(0).at("/spec/template/spec/containers/0");
    assertThat(env(container)).containsEntry("WATCH_NAMESPACES", "lab-a,lab-b");
  }

  @Test
  void theOperatorsOwnMonitoringRendersWithTheReleasesJob() throws IOException {
    List<JsonNode> objects =
        HelmChart.render(
            Map.of(
                "serviceMonitor.enabled", true,
                "serviceMonitor.labels.release", "kps",
                "prometheusRule.enabled", true,
                "dashboard.enabled", true));

    JsonNode monitor = HelmChart.ofKind(objects, "ServiceMonitor").get(0);
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kps");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    JsonNode rules = HelmChart.ofKind(objects, "PrometheusRule").get(0).at("/spec/groups/0/rules");
    assertThat(rules.findValuesAsText("alert"))
        .as("every alert of monitoring/operator, no other")
        .containsExactlyElementsOf(
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(
                    Repository.root()
                        .resolve("monitoring/operator/causal-gym-operator.rules.yaml")
                        .toFile())
                .at("/groups/0/rules")
                .findValuesAsText("alert"));
    assertThat(rules.findValuesAsText("expr"))
        .allSatisfy(e -> assertThat(e).contains("job=\"causal-gym-operator\""));
    assertThat(
            HelmChart.ofKind(objects, "ConfigMap")
                .get(0)
                .at("/data/causal-gym-operator.json")
                .asText())
        .contains("operator_sdk_reconciliations_failed_total");
  }

  @Test
  void moreReplicasWithoutLeaderElectionAreRefused() {
    assertThatThrownBy(
            () -> HelmChart.render(Map.of("replicaCount", 2, "leaderElection.enabled", false)))
        .hasMessageContaining("needs leaderElection.enabled");
  }

  @Test
  void namesImageSecurityAndSchedulingAreOverridable() throws IOException {
    List<JsonNode> objects =
        HelmChart.render(
            Map.ofEntries(
                Map.entry("fullnameOverride", "gym-ops"),
                Map.entry("nameOverride", "gymop"),
                Map.entry("image.digest", "sha256:" + "ab".repeat(32)),
                Map.entry("priorityClassName", "platform-critical"),
                Map.entry("podSecurityContext.runAsUser", "1001"),
                Map.entry("securityContext.readOnlyRootFilesystem", "false"),
                Map.entry("extraEnv[0].name", "HTTPS_PROXY"),
                Map.entry("extraEnv[0].value", "http://proxy.internal:3128"),
                Map.entry("topologySpreadConstraints[0].maxSkew", "1"),
                Map.entry("topologySpreadConstraints[0].topologyKey", "kubernetes.io/hostname"),
                Map.entry("topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway")));

    JsonNode deployment = HelmChart.ofKind(objects, "Deployment").get(0);
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(deployment.at("/metadata/name").asText()).isEqualTo("gym-ops");
    assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1name").asText())
        .isEqualTo("gymop");
    assertThat(container.at("/image").asText())
        .isEqualTo("ghcr.io/causal-gym/causal-gym-operator@sha256:" + "ab".repeat(32));
    assertThat(pod.at("/priorityClassName").asText()).isEqualTo("platform-critical");
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(1001);
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isFalse();
    assertThat(env(container)).containsEntry("HTTPS_PROXY", "http://proxy.internal:3128");
    assertThat(pod.at("/topologySpreadConstraints/0/topologyKey").asText())
        .isEqualTo("kubernetes.io/hostname");
    assertThat(HelmChart.ofKind(objects, "ServiceAccount").get(0).at("/metadata/name").asText())
        .isEqualTo("gym-ops");
  }

  @Test
  void thePrometheusUrlAllowListDefaultsToTheOperatorsOwnAndIsPassedOn() throws IOException {
    assertThat(env(container(HelmChart.render(Map.of()))))
        .containsEntry("PROMETHEUS_URL_ALLOW", UrlPolicy.DEFAULT);
    assertThat(
            env(
                container(
                    HelmChart.render(
                        Map.of(
                            "prometheusUrlAllow[0]",
                            "*.svc",
                            "prometheusUrlAllow[1]",
                            "10.0.0.0/8")))))
        .containsEntry("PROMETHEUS_URL_ALLOW", "*.svc,10.0.0.0/8");
    assertThatThrownBy(() -> HelmChart.render(Map.of("prometheusUrlAllow[0]", "a,b")))
        .hasMessageContaining("prometheusUrlAllow");
  }

  private static JsonNode container(List<JsonNode> objects) {
    return HelmChart.ofKind(objects, "Deployment").get(0).at("/spec/template/spec/containers/0");
  }

  @Test
  void theSchemaRefusesUnknownValues() {
    assertThatThrownBy(() -> HelmChart.render(Map.of("replicas", 2)))
        .hasMessageContaining("replicas");
  }

  /** The chart's copies are made by mvn -Pupdate-crds process-classes; this finds them stale. */
  @Test
  void theChartsCopiesAreTheRepositorysCrdsAndMonitoringExactly() throws IOException {
    assertCopied(Repository.root().resolve("crds"), HelmChart.CHART.resolve("crds"), List.of());
    assertCopied(
        Repository.root().resolve("monitoring/operator"),
        HelmChart.CHART.resolve("files"),
        List.of("causal-gym-operator.rules.test.yaml"));
  }

  /** Both ways: every source file has an equal copy, and no copy lacks its source. */
  private static void assertCopied(Path source, Path copy, List<String> notCopied)
      throws IOException {
    try (Stream<Path> sources = Files.list(source);
        Stream<Path> copies = Files.list(copy)) {
      List<String> expected =
          sources
              .map(p -> p.getFileName().toString())
              .filter(n -> !notCopied.contains(n))
              .sorted()
              .toList();
      assertThat(copies.map(p -> p.getFileName().toString()).sorted().toList())
          .as("the files in %s (mvn -Pupdate-crds process-classes makes them)", copy)
          .isEqualTo(expected);
      for (String file : expected) {
        assertThat(Files.readString(copy.resolve(file)))
            .as("%s/%s is stale: mvn -Pupdate-crds process-classes", copy, file)
            .isEqualTo(Files.readString(source.resolve(file)));
      }
    }
  }

  private static Map<String, String> env(JsonNode container) {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }
}
