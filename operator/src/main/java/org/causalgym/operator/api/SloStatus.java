package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What Prometheus reports of one objective's recording rules, rounded so that noise is not news.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SloStatus {

  @JsonPropertyDescription("The objective's name in spec.slos.")
  public String name;

  @JsonPropertyDescription(
      "Error budget left over the objective's window, in percent, one decimal: 100 untouched, 0 spent, negative overspent. Absent while Prometheus has no value (no traffic yet).")
  public Double errorBudgetRemaining;

  @JsonPropertyDescription(
      "How fast the budget burned over the last hour, two decimals: 1 spends exactly the budget over the window, 14.4 pages. Absent while Prometheus has no value.")
  public Double burnRate1h;
}
