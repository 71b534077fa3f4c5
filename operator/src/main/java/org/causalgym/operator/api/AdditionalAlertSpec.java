package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A free-form alert rule added to the same PrometheusRule group as the built-in ones. */
@ValidationRule(
    value =
        "!(self.name in ['"
            + BuiltInAlerts.HIGH_ERROR_RATE
            + "', '"
            + BuiltInAlerts.HIGH_MEMORY_USAGE
            + "', '"
            + BuiltInAlerts.SERVICE_DOWN
            + "', '"
            + BuiltInAlerts.POD_EVICTED
            + "'])",
    message =
        "HighErrorRate, HighMemoryUsage, ServiceDown and PodEvicted are built-in alerts;"
            + " configure the first three under spec.alerts",
    fieldPath = ".name")
public class AdditionalAlertSpec {

  @Required
  @Size(max = 128)
  @Pattern(MetricName.ALERT_NAME_PATTERN)
  @JsonPropertyDescription(
      "Alert name, unique within the resource and not one of HighErrorRate, HighMemoryUsage, ServiceDown, PodEvicted.")
  public String name;

  @Required
  @Size(min = 1)
  @Pattern("\\S")
  @JsonPropertyDescription(
      "PromQL expression returning an instant vector or a scalar; the alert fires for every series it returns. Parsed and type-checked as Prometheus does before anything is written.")
  public String expr;

  @JsonProperty("for")
  @Size(min = 1)
  @Pattern(PrometheusDuration.FOR_PATTERN)
  @JsonPropertyDescription(
      "How long the expression must return a series before the alert fires. Default: at once.")
  public String forDuration;

  @Size(min = 1)
  @JsonPropertyDescription(AlertSpec.SEVERITY_DESCRIPTION + " Default warning.")
  public String severity = "warning";

  @JsonPropertyDescription(
      "Short summary annotation, a Prometheus alert template ({{ $value }}, {{ humanize $value }}); checked like Prometheus checks it.")
  public String summary;

  @JsonPropertyDescription(
      "Description annotation, a Prometheus alert template ({{ $labels.instance }}); checked like Prometheus checks it.")
  public String description;
}
