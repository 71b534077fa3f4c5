package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** Grafana dashboards shipped as a ConfigMap that the Grafana sidecar loads. */
public class DashboardsSpec {

  @JsonPropertyDescription("Whether the dashboard ConfigMap is created. Default true.")
  public boolean enabled = true;

  @Default("Causal Gym")
  @Size(min = 1, max = 255)
  @Pattern("\\S")
  @JsonPropertyDescription(
      "Grafana folder the dashboards are put in; not blank. Default Causal Gym.")
  public String folder = "Causal Gym";

  @ValidationRule(value = Labels.VALID_LABELS_RULE, message = Labels.VALID_LABELS_MESSAGE)
  @ValidationRule(value = Labels.USER_LABELS_RULE, message = Labels.USER_LABELS_MESSAGE)
  @JsonPropertyDescription(
      "Labels of the ConfigMap, which the Grafana sidecar selects on. Default {grafana_dashboard: \"1\"}.")
  @Size(max = 64)
  public Map<String, String> labels = new LinkedHashMap<>(Map.of("grafana_dashboard", "1"));
}
