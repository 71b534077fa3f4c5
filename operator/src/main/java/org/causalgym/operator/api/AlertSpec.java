package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** What every built-in alert has: a switch, how long the condition must hold, and a severity. */
public abstract class AlertSpec {

  /** The severities kube-prometheus-stack's Alertmanager routes on. */
  public static final String SEVERITY_PATTERN = "^(critical|warning|info|none)$";

  @JsonPropertyDescription("Whether the alert rule is created. Default true.")
  public boolean enabled = true;

  @JsonProperty("for")
  @Size(min = 1)
  @Pattern(PrometheusDuration.FOR_PATTERN)
  @JsonPropertyDescription(
      "How long the condition must hold before the alert fires, e.g. 5m (Prometheus duration).")
  public String forDuration;

  @Pattern(SEVERITY_PATTERN)
  @JsonPropertyDescription("Value of the alert's severity label: critical, warning, info or none.")
  public String severity;

  protected AlertSpec(String forDuration, String severity) {
    this.forDuration = forDuration;
    this.severity = severity;
  }
}
