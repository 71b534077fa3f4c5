package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.StaticScrapeJob;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain Prometheus configuration is what promtool accepts as a Prometheus configuration. */
class PlainPrometheusConfigPromtoolTest {

  @TempDir Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void theScrapeJobAndRuleFilePassPromtoolCheckConfig() throws IOException {
    CausalGymMonitoring cr = Repository.resource(Repository.testResource("custom.yaml"));
    var configMap = PlainPrometheusConfigModel.desired(GymPlan.of(cr, ServedKinds.nothing()));
    Files.writeString(
        dir.resolve("rules.yaml"), configMap.getData().get(PlainPrometheusConfigModel.RULES_KEY));
    List<Map<String, Object>> rendered =
        Serialization.unmarshal(
            configMap.getData().get(PlainPrometheusConfigModel.SCRAPE_KEY), List.class);
    List<Map<String, Object>> scrapeConfigs =
        List.of(StaticScrapeJob.of(rendered.get(0), "127.0.0.1:9100", "exp-ns"));
    Map<String, Object> prometheus = new LinkedHashMap<>();
    prometheus.put("rule_files", List.of("rules.yaml"));
    prometheus.put("scrape_configs", scrapeConfigs);
    Files.writeString(dir.resolve("prometheus.yml"), Serialization.asYaml(prometheus));

    ExternalTool.Result result =
        ExternalTool.promtool().run(dir, "check", "config", "prometheus.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS").contains("2 rules found");
    assertThat(scrapeConfigs.toString()).contains("job_name=lab-7", "metrics_path=/prom");
  }
}
