package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A service level objective: an indicator (SLI), the share of good events promised over a window,
 * and the burn-rate alerts that guard its error budget.
 */
@ValidationRule(
    value = "self.objective > 0.0 && self.objective < 100.0",
    message = "objective is a percentage strictly between 0 and 100, e.g. 99.5",
    fieldPath = ".objective")
public class SloSpec {

  /** The windows an objective may be promised over. */
  public static final String WINDOW_PATTERN = "^(30d|28d|7d)$";

  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of the objective, unique within the resource: lower-case letters, digits and '-' (it is the slo label of the recorded series and alerts).")
  public String name;

  @Required
  @JsonPropertyDescription(
      "The promise, in percent of good events over the window, strictly between 0 and 100, e.g. 99.5; the error budget is 100 minus it.")
  public double objective;

  @Pattern(WINDOW_PATTERN)
  @Default("30d")
  @JsonPropertyDescription(
      "The rolling window the objective is promised over: 30d, 28d or 7d. Default 30d.")
  public String window = "30d";

  @Required
  @JsonPropertyDescription(
      "What counts as an error: exactly one of availability, latency, uptime or custom.")
  public SliSpec sli;

  @JsonPropertyDescription(
      "The multi-window multi-burn-rate alerts: page (fast burn) and ticket (slow burn).")
  public SloAlertsSpec alerts = new SloAlertsSpec();
}
