package org.causalgym.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every Grafana dashboard we ship must hold to, checked the same way for each. */
public final class GrafanaDashboards {

  private GrafanaDashboards() {}

  /** The PromQL of every panel target. */
  public static List<String> expressions(JsonNode dashboard) {
    List<String> exprs = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
    return exprs;
  }

  /**
   * A Prometheus data source is chosen through the datasource variable on every panel and target,
   * so the dashboard imports anywhere with nothing like ${DS_PROMETHEUS} left to resolve.
   */
  public static void assertEveryPanelUsesTheDatasourceVariable(JsonNode dashboard) {
    assertThat(dashboard.toString()).doesNotContain("${DS_");
    JsonNode datasource = dashboard.at("/templating/list/0");
    assertThat(datasource.path("name").asText()).isEqualTo("datasource");
    assertThat(datasource.path("type").asText()).isEqualTo("datasource");
    assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
    assertThat(dashboard.path("panels")).isNotEmpty();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue; // a row groups panels and queries nothing itself
      }
      String title = panel.path("title").asText();
      assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
      assertThat(panel.path("targets")).as(title).isNotEmpty();
      panel
          .path("targets")
          .forEach(
              t ->
                  assertThat(t.at("/datasource/uid").asText())
                      .as(title)
                      .isEqualTo("${datasource}"));
    }
  }

  /** Every expression through promtool's parser, each wrapped as a recording rule. */
  public static void assertPromtoolParses(List<String> exprs, Path dir) throws IOException {
    ExternalTool promtool = ExternalTool.promtool();
    promtool.require();
    List<Map<String, String>> recordings = new ArrayList<>();
    for (String expr : exprs) {
      // Grafana substitutes $variables inside label values; Prometheus sees plain strings.
      recordings.add(Map.of("record", "dashboard:expr" + recordings.size(), "expr", expr));
    }
    Files.writeString(
        dir.resolve("panels.yaml"),
        Serialization.asYaml(
            Map.of("groups", List.of(Map.of("name", "dashboard", "rules", recordings)))));

    ExternalTool.Result result = promtool.run(dir, "check", "rules", "panels.yaml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: " + recordings.size() + " rules found");
  }
}
