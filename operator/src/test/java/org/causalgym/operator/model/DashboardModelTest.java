package org.causalgym.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard ConfigMap: what the Grafana sidecar needs, and PromQL that Prometheus parses. */
class DashboardModelTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Unlike the samples: another prefix, name, namespace, folder and sidecar label. */
  private static CausalGymMonitoring resource() {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName("lab-12");
    cr.getMetadata().setNamespace("trials");
    cr.getSpec().metrics.prefix = "cig_v3";
    cr.getSpec().dashboards.folder = "Research / Gym";
    cr.getSpec().dashboards.labels = Map.of("grafana_dashboard", "yes", "team", "causal");
    return cr;
  }

  private static List<JsonNode> dashboards(ConfigMap configMap) throws IOException {
    List<JsonNode> dashboards = new ArrayList<>();
    for (String json : configMap.getData().values()) {
      dashboards.add(JSON.readTree(json));
    }
    return dashboards;
  }

  private static List<String> expressions(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    return exprs;
  }

  @Test
  void theConfigMapCarriesTheSidecarLabelsTheFolderAndJsonFiles() {
    ConfigMap configMap = DashboardModel.desired(resource());

    assertThat(configMap.getMetadata().getName()).isEqualTo("lab-12-dashboards");
    assertThat(configMap.getMetadata().getNamespace()).isEqualTo("trials");
    assertThat(configMap.getMetadata().getLabels())
        .containsEntry("grafana_dashboard", "yes")
        .containsEntry("team", "causal")
        .containsEntry("app.kubernetes.io/managed-by", "causal-gym-operator");
    assertThat(configMap.getMetadata().getAnnotations())
        .containsEntry(DashboardModel.FOLDER_ANNOTATION, "Research / Gym");
    assertThat(configMap.getData()).isNotEmpty();
    assertThat(configMap.getData().keySet()).allSatisfy(k -> assertThat(k).endsWith(".json"));
  }

  @Test
  void everyPanelReadsTheDatasourceVariableAndNothingIsLeftUnresolved() throws IOException {
    ConfigMap configMap = DashboardModel.desired(resource());
    assertThat(Serialization.asJson(configMap)).doesNotContain("${DS_");
    for (JsonNode dashboard : dashboards(configMap)) {
      JsonNode variables = dashboard.at("/templating/list");
      assertThat(variables.findValuesAsText("name")).contains("datasource", "namespace", "job");
      JsonNode datasource = variables.get(0);
      assertThat(datasource.path("type").asText()).isEqualTo("datasource");
      assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
      assertThat(dashboard.path("panels")).isNotEmpty();
      for (JsonNode panel : dashboard.path("panels")) {
        assertThat(panel.at("/datasource/uid").asText())
            .as(panel.path("title").asText())
            .isEqualTo("${datasource}");
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        panel
            .path("targets")
            .forEach(t -> assertThat(t.at("/datasource/uid").asText()).isEqualTo("${datasource}"));
      }
    }
  }

  @Test
  void theSpecsPrefixAndScrapeJobReachEveryExpression() throws IOException {
    for (JsonNode dashboard : dashboards(DashboardModel.desired(resource()))) {
      assertThat(expressions(dashboard))
          .isNotEmpty()
          .allSatisfy(
              e ->
                  assertThat(e)
                      .doesNotContain("causal_gym_")
                      .contains("namespace=\"$namespace\", job=\"$job\""));
      assertThat(String.join("\n", expressions(dashboard)))
          .contains("cig_v3_experiments_run", "cig_v3_errors", "cig_v3_response_times_bucket")
          .contains(
              "cig_v3_memory_usage_percent", "cig_v3_cpu_usage_percent", "cig_v3_interventions");
      for (JsonNode variable : dashboard.at("/templating/list")) {
        String value = variable.at("/current/value").asText();
        switch (variable.path("name").asText()) {
          case "namespace" -> assertThat(value).isEqualTo("trials");
          case "job" -> assertThat(value).isEqualTo("lab-12");
          default -> {}
        }
      }
    }
  }

  @Test
  void everyPanelExpressionPassesPromtoolsParser() throws IOException {
    ExternalTool promtool = ExternalTool.promtool();
    promtool.require();
    Map<String, Object> rules = new LinkedHashMap<>();
    List<Map<String, String>> recordings = new ArrayList<>();
    for (JsonNode dashboard : dashboards(DashboardModel.desired(resource()))) {
      for (String expr : expressions(dashboard)) {
        // Grafana substitutes $variables inside label values; Prometheus sees plain strings.
        recordings.add(Map.of("record", "dashboard:expr" + recordings.size(), "expr", expr));
      }
    }
    rules.put("groups", List.of(Map.of("name", "dashboard", "rules", recordings)));
    Files.writeString(dir.resolve("panels.yaml"), Serialization.asYaml(rules));

    ExternalTool.Result result = promtool.run(dir, "check", "rules", "panels.yaml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + recordings.size() + " rules found");
  }

  @Test
  void aDashboardLargerThanAConfigMapHoldsIsRefusedNotTruncated() {
    CausalGymMonitoring cr = resource();
    cr.getSpec().metrics.prefix = "p".repeat(100_000);

    assertThat(DashboardModel.dataBytes(cr)).isGreaterThan(DashboardModel.CONFIG_MAP_LIMIT_BYTES);
    assertThat(SpecValidator.validate(cr))
        .extracting(SpecViolation::field)
        .containsExactly("spec.dashboards");
    assertThat(SpecValidator.validate(cr).get(0).problem()).contains("ConfigMap holds");

    cr.getSpec().dashboards.enabled = false;
    assertThat(SpecValidator.validate(cr)).isEmpty();
  }
}
