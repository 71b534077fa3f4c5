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
import java.util.stream.Stream;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/** The Helm chart lints, renders with its defaults and with watchNamespaces, and stays in sync. */
class HelmChartTest {

  @Test
  void theChartLintsStrictly() {
    LintResult lint = new Helm(HelmChart.CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
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
        .containsEntry("LOG_FORMAT", "json");
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
    assertThat(rules).hasSize(5);
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
  void theSchemaRefusesUnknownValues() {
    assertThatThrownBy(() -> HelmChart.render(Map.of("replicas", 2)))
        .hasMessageContaining("replicas");
  }

  @Test
  void theChartsCopiesMatchTheRepositorysCrdsAndMonitoring() throws IOException {
    assertSameFiles(Repository.root().resolve("crds"), HelmChart.CHART.resolve("crds"));
    for (String file :
        List.of("causal-gym-operator.rules.yaml", "causal-gym-operator-dashboard.json")) {
      assertThat(Files.readString(HelmChart.CHART.resolve("files").resolve(file)))
          .as("helm/causal-gym-operator/files/%s is a copy of monitoring/operator/%s", file, file)
          .isEqualTo(
              Files.readString(Repository.root().resolve("monitoring/operator").resolve(file)));
    }
  }

  private static void assertSameFiles(Path source, Path copy) throws IOException {
    try (Stream<Path> files = Files.list(source)) {
      for (Path file : files.toList()) {
        assertThat(Files.readString(copy.resolve(file.getFileName())))
            .as("%s is a copy of %s: cp %s %s", copy, source, file, copy)
            .isEqualTo(Files.readString(file));
      }
    }
  }

  private static Map<String, String> env(JsonNode container) {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }
}
