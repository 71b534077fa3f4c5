package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.GrafanaDashboards;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** monitoring/operator/: the operator's own alert rules and dashboard, checked by promtool. */
class OperatorMonitoringTest {

  private static final Path DIR = Repository.root().resolve("monitoring/operator");

  @TempDir Path dir;

  @Test
  void theAlertRulesPassPromtoolCheck() throws IOException {
    ExternalTool.Result result =
        ExternalTool.promtool().run(DIR, "check", "rules", "causal-gym-operator.rules.yaml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    int rules =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(DIR.resolve("causal-gym-operator.rules.yaml").toFile())
            .at("/groups/0/rules")
            .size();
    assertThat(result.output()).contains("SUCCESS: " + rules + " rules found");
  }

  @Test
  void eachAlertFiresAfterItsForAndStaysSilentWhileHealthy() {
    ExternalTool.Result result =
        ExternalTool.promtool().run(DIR, "test", "rules", "causal-gym-operator.rules.test.yaml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void theDashboardReadsTheDatasourceVariableAndItsPromqlParses() throws IOException {
    JsonNode dashboard =
        new ObjectMapper().readTree(DIR.resolve("causal-gym-operator-dashboard.json").toFile());
    GrafanaDashboards.assertEveryPanelUsesTheDatasourceVariable(dashboard);
    assertThat(GrafanaDashboards.expressions(dashboard))
        .anySatisfy(e -> assertThat(e).contains("operator_sdk_reconciliations_failed_total"))
        .anySatisfy(e -> assertThat(e).contains("causalgym_managed_resources"));
    GrafanaDashboards.assertPromtoolParses(GrafanaDashboards.expressions(dashboard), dir);
  }
}
