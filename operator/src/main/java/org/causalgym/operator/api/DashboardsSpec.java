package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grafana dashboards, shipped as a ConfigMap that the Grafana sidecar loads or as a
 * GrafanaDashboard of grafana-operator.
 */
public class DashboardsSpec {

  @JsonPropertyDescription("Whether the dashboards are created. Default true.")
  public boolean enabled = true;

  @Default("auto")
  @JsonPropertyDescription(
      "How the dashboards reach Grafana: configMap (a ConfigMap <name>-dashboards for the Grafana sidecar), grafanaOperator (a GrafanaDashboard <name> of grafana.integreatly.org/v1beta1) or auto (a GrafanaDashboard where the cluster serves that kind, else the ConfigMap). Default auto.")
  public DashboardsMode mode = DashboardsMode.auto;

  @JsonPropertyDescription(
      "Which Grafana instances a GrafanaDashboard is imported into (grafana-operator requires a selector; changing it recreates the GrafanaDashboard, whose selector is immutable). Default {matchLabels: {dashboards: grafana}}.")
  public LabelSelectorSpec instanceSelector =
      new LabelSelectorSpec(Map.of("dashboards", "grafana"));

  @Default("Causal Gym")
  @Size(min = 1, max = 255)
  @Pattern("\\S")
  @JsonPropertyDescription(
      "Grafana folder the dashboards are put in; not blank. Default Causal Gym.")
  public String folder = "Causal Gym";

  @ValidationRule(value = Labels.VALID_KEYS_RULE, message = Labels.VALID_KEYS_MESSAGE)
  @ValidationRule(value = Labels.USER_LABELS_RULE, message = Labels.USER_LABELS_MESSAGE)
  @JsonPropertyDescription(
      "Labels of the ConfigMap (which the Grafana sidecar selects on) and of the GrafanaDashboard. Default {grafana_dashboard: \"1\"}.")
  @Size(max = Labels.MAX_LABELS)
  public Map<String, @Size(max = Labels.VALUE_MAX_LENGTH) @Pattern(Labels.VALUE_PATTERN) String>
      labels = new LinkedHashMap<>(Map.of("grafana_dashboard", "1"));
}
