package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** One burn-rate alert of an objective: its switch, for, severity and what it carries. */
public abstract class BurnRateAlertSpec extends AlertSpec {

  @JsonPropertyDescription(
      "Extra labels on the alert, e.g. team: gym; severity, slo, namespace and causal_gym_monitoring are the operator's. Default: none.")
  public Map<String, String> labels = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Summary annotation, a Prometheus alert template; default names the objective and its burn rate.")
  public String summary;

  @JsonPropertyDescription(
      "Description annotation, a Prometheus alert template; default says how fast the budget burns and what is left.")
  public String description;

  /**
   * No for by default: the SRE workbook ("Alerting on SLOs") advises against one, since the short
   * window already ends the alert soon after the burn stops and a for only delays the page.
   */
  protected BurnRateAlertSpec(String severity) {
    super(null, severity);
  }
}
