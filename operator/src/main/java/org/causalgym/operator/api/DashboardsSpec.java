package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.LinkedHashMap;
import java.util.Map;

/** Grafana dashboards shipped as a ConfigMap that the Grafana sidecar loads. */
public class DashboardsSpec {

  @JsonPropertyDescription("Whether the dashboard ConfigMap is created. Default true.")
  public boolean enabled = true;

  @Default("Causal Gym")
  @JsonPropertyDescription("Grafana folder the dashboards are put in. Default Causal Gym.")
  public String folder = "Causal Gym";

  @JsonPropertyDescription(
      "Labels of the ConfigMap, which the Grafana sidecar selects on. Default {grafana_dashboard: \"1\"}.")
  public Map<String, String> labels = new LinkedHashMap<>(Map.of("grafana_dashboard", "1"));
}
