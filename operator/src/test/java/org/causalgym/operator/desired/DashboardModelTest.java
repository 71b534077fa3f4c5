package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.SliSpec;
import org.causalgym.operator.api.SloSpec;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.promql.PromqlException;
import org.causalgym.operator.promql.PromqlParser;
import org.causalgym.operator.promql.PromqlType;
import org.causalgym.operator.testing.GrafanaDashboards;
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

  private static SloSpec slo(String name, double objective, String window) {
    SloSpec slo = new SloSpec();
    slo.name = name;
    slo.objective = objective;
    slo.window = window;
    slo.sli = new SliSpec();
    slo.sli.availability = new SliSpec.Availability();
    return slo;
  }

  private static JsonNode appDashboard(CausalGymMonitoring cr) throws IOException {
    return JSON.readTree(
        DashboardModel.desired(GymPlan.of(cr, ServedKinds.nothing()))
            .getData()
            .get(DashboardModel.SLO_FILE));
  }

  private static List<JsonNode> dashboards(ConfigMap configMap) throws IOException {
    List<JsonNode> dashboards = new ArrayList<>();
    for (String json : configMap.getData().values()) {
      dashboards.add(JSON.readTree(json));
    }
    return dashboards;
  }

  @Test
  void theConfigMapCarriesTheSidecarLabelsTheFolderAndJsonFiles() {
    ConfigMap configMap = DashboardModel.desired(GymPlan.of(resource(), ServedKinds.nothing()));

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
    ConfigMap configMap = DashboardModel.desired(GymPlan.of(resource(), ServedKinds.nothing()));
    for (JsonNode dashboard : dashboards(configMap)) {
      GrafanaDashboards.assertEveryPanelUsesTheDatasourceVariable(dashboard);
      assertThat(dashboard.at("/templating/list").findValuesAsText("name"))
          .contains("namespace", "job");
    }
  }

  @Test
  void theSpecsPrefixAndScrapeJobReachEveryExpression() throws IOException {
    for (JsonNode dashboard :
        dashboards(DashboardModel.desired(GymPlan.of(resource(), ServedKinds.nothing())))) {
      assertThat(GrafanaDashboards.expressions(dashboard))
          .isNotEmpty()
          .allSatisfy(
              e ->
                  assertThat(e)
                      .doesNotContain("causal_gym_")
                      .contains("namespace=\"$namespace\", job=\"$job\""));
      assertThat(String.join("\n", GrafanaDashboards.expressions(dashboard)))
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
    List<String> exprs = new ArrayList<>();
    for (JsonNode dashboard :
        dashboards(DashboardModel.desired(GymPlan.of(resource(), ServedKinds.nothing())))) {
      exprs.addAll(GrafanaDashboards.expressions(dashboard));
    }
    GrafanaDashboards.assertPromtoolParses(exprs, dir);
  }

  @Test
  void everyPanelExpressionPassesTheOperatorsOwnParser() throws PromqlException, IOException {
    List<String> exprs = new ArrayList<>();
    for (JsonNode dashboard :
        dashboards(DashboardModel.desired(GymPlan.of(resource(), ServedKinds.nothing())))) {
      exprs.addAll(GrafanaDashboards.expressions(dashboard));
    }
    assertThat(exprs).isNotEmpty();
    for (String expr : exprs) {
      assertThat(PromqlParser.parse(expr, PrometheusTarget.allSupported()))
          .as(expr)
          .isIn(PromqlType.VECTOR, PromqlType.SCALAR);
    }
  }

  @Test
  void theDataHoldsTheDashboardPrettyPrintedAsTheRepositoryFileIsWritten() throws IOException {
    for (String file : DashboardModel.FILES) {
      Path source = Repository.root().resolve("monitoring/dashboards/" + file);
      String written = Files.readString(source);
      // The writer reproduces the file as it is kept (Grafana's export format), byte for byte.
      assertThat(DashboardModel.pretty(JSON.readTree(written))).isEqualTo(written);
    }
    String json =
        DashboardModel.desired(GymPlan.of(resource(), ServedKinds.nothing()))
            .getData()
            .get("causal-gym.json");
    assertThat(json).startsWith("{\n  \"title\": ").contains("\n  \"panels\": [\n    {\n");
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

  @Test
  void eachObjectiveGetsARowOfBudgetBurnRateAndSliBelowThePanelsWithIdsOfItsOwn()
      throws IOException, PromqlException {
    CausalGymMonitoring cr = resource();
    cr.getSpec().slos = List.of(slo("checkout", 99.5, "30d"), slo("search", 99, "7d"));
    int templatePanels = appDashboard(resource()).path("panels").size();
    int bottom = 0;
    for (JsonNode panel : appDashboard(resource()).path("panels")) {
      bottom = Math.max(bottom, panel.at("/gridPos/y").asInt() + panel.at("/gridPos/h").asInt());
    }

    JsonNode dashboard = appDashboard(cr);
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    List<JsonNode> added = panels.subList(templatePanels, panels.size());

    assertThat(added)
        .extracting(p -> p.path("type").asText())
        .containsExactly(
            "row", "stat", "timeseries", "timeseries", "row", "stat", "timeseries", "timeseries");
    assertThat(added)
        .filteredOn(p -> p.path("type").asText().equals("row"))
        .extracting(p -> p.path("title").asText())
        .containsExactly("SLO checkout: 99.5% over 30d", "SLO search: 99% over 7d");
    assertThat(added.get(1).at("/targets/0/expr").asText())
        .isEqualTo(
            "100 * "
                + SloRules.BUDGET_REMAINING
                + "{slo=\"checkout\", namespace=\"$namespace\", causal_gym_monitoring=\"lab-12\"}");
    assertThat(added.get(2).at("/targets/0/expr").asText()).startsWith(SloRules.BURN_RATE_1H);
    assertThat(added.get(3).at("/targets/0/expr").asText())
        .startsWith("100 * (1 - " + SloRules.ERROR_RATIO + "30d{");
    assertThat(added.get(7).at("/targets/0/expr").asText())
        .startsWith("100 * (1 - " + SloRules.ERROR_RATIO + "7d{");
    for (int row = 0; row < 2; row++) {
      String slo = row == 0 ? "checkout" : "search";
      for (JsonNode panel : added.subList(4 * row + 1, 4 * row + 4)) {
        String expr = panel.at("/targets/0/expr").asText();
        assertThat(expr)
            .contains("slo=\"" + slo + "\"", "causal_gym_monitoring=\"lab-12\"")
            .contains("namespace=\"$namespace\"");
        assertThat(PromqlParser.parse(expr, PrometheusTarget.allSupported()))
            .as(expr)
            .isEqualTo(PromqlType.VECTOR);
        // One grid line of three under the row, below every panel of the file.
        assertThat(panel.at("/gridPos/y").asInt())
            .isEqualTo(added.get(4 * row).at("/gridPos/y").asInt() + 1)
            .isGreaterThanOrEqualTo(bottom);
        assertThat(panel.at("/gridPos/w").asInt()).isEqualTo(8);
      }
    }
    assertThat(added.get(1).at("/fieldConfig/defaults/unit").asText()).isEqualTo("percent");
    assertThat(added.get(2).at("/fieldConfig/defaults/thresholds/steps").findValuesAsText("value"))
        .containsExactly("null", "1", "14.4");
    List<Integer> ids = panels.stream().map(p -> p.path("id").asInt()).toList();
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    GrafanaDashboards.assertEveryPanelUsesTheDatasourceVariable(dashboard);
  }

  @Test
  void withoutObjectivesTheDashboardHasNoSloRow() throws IOException {
    CausalGymMonitoring cr = resource();
    assertThat(cr.getSpec().slos).isEmpty();

    JsonNode dashboard = appDashboard(cr);

    assertThat(dashboard.path("panels").findValuesAsText("type")).doesNotContain("row");
    assertThat(dashboard.path("panels").findValuesAsText("title"))
        .noneSatisfy(t -> assertThat(t).startsWith("SLO "));
    assertThat(dashboard.path("panels"))
        .hasSameSizeAs(
            JSON.readTree(
                    Repository.root().resolve("monitoring/dashboards/causal-gym.json").toFile())
                .path("panels"));
  }
}
