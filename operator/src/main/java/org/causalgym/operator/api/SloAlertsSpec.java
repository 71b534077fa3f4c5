package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The two burn-rate alerts of an objective, as the SRE workbook's "Alerting on SLOs" prescribes:
 * page when the budget burns fast, ticket when it burns slowly.
 */
public class SloAlertsSpec {

  /** The fast-burn alert, with its own defaults. */
  public static class PageAlertSpec extends BurnRateAlertSpec {
    public PageAlertSpec() {
      super("critical");
    }
  }

  /** The slow-burn alert, with its own defaults. */
  public static class TicketAlertSpec extends BurnRateAlertSpec {
    public TicketAlertSpec() {
      super("warning");
    }
  }

  @JsonPropertyDescription(
      "Fast burn: 14.4 times the budget rate over 1h and 5m, or 6 times over 6h and 30m. Defaults: severity critical, no for (the SRE workbook advises against one: the short window already ends the alert soon after the burn stops).")
  public PageAlertSpec page = new PageAlertSpec();

  @JsonPropertyDescription(
      "Slow burn: 3 times the budget rate over 1d and 2h, or once over 3d and 6h. Defaults: severity warning, no for.")
  public TicketAlertSpec ticket = new TicketAlertSpec();
}
