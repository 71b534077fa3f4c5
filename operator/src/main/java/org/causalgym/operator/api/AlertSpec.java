package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** What every built-in alert has: a switch, how long the condition must hold, and a severity. */
public abstract class AlertSpec {

  /**
   * What the severity label's value is described as: any Prometheus label value, since teams route
   * on their own words.
   */
  public static final String SEVERITY_DESCRIPTION =
      "Value of the alert's severity label: any non-empty label value. Common are critical,"
          + " warning, info and none (kube-prometheus-stack routes on these), or a team's own"
          + " words such as page or ticket.";

  @JsonPropertyDescription("Whether the alert rule is created. Default true.")
  public boolean enabled = true;

  @JsonProperty("for")
  @Size(min = 1)
  @Pattern(PrometheusDuration.FOR_PATTERN)
  @JsonPropertyDescription(
      "How long the condition must hold before the alert fires, e.g. 5m (Prometheus duration).")
  public String forDuration;

  @Size(min = 1)
  @JsonPropertyDescription(SEVERITY_DESCRIPTION)
  public String severity;

  protected AlertSpec(String forDuration, String severity) {
    this.forDuration = forDuration;
    this.severity = severity;
  }
}
