package org.causalgym.operator.model;

import java.math.BigDecimal;
import org.causalgym.operator.api.CausalGymMonitoring;

/** The PromQL of the three built-in alerts, with the thresholds of the spec. */
public final class AlertExpressions {

  private AlertExpressions() {}

  /** Errors per second over five minutes above the threshold. */
  public static String highErrorRate(CausalGymMonitoring cr) {
    return "rate(%s_errors[5m]) > %s"
        .formatted(
            cr.getSpec().metrics.prefix, number(cr.getSpec().alerts.highErrorRate.threshold));
  }

  /** Memory use in percent above the threshold. */
  public static String highMemoryUsage(CausalGymMonitoring cr) {
    return "%s_memory_usage_percent > %s"
        .formatted(
            cr.getSpec().metrics.prefix,
            number(cr.getSpec().alerts.highMemoryUsage.thresholdPercent));
  }

  /**
   * The Service's scrape target is down, or gone: {@code up == 0} alone stays silent when the
   * target disappears (all pods deleted, Service selector broken), so absent() covers that.
   */
  public static String serviceDown(CausalGymMonitoring cr) {
    String up = upSelector(cr);
    return "%s == 0 or absent(%s)".formatted(up, up);
  }

  /**
   * The up series of the scrape job the ServiceMonitor creates: the job is named after the Service.
   */
  static String upSelector(CausalGymMonitoring cr) {
    return "up{job=\"%s\", namespace=\"%s\"}"
        .formatted(cr.getMetadata().getName(), cr.getMetadata().getNamespace());
  }

  /** A threshold as PromQL reads it: plain decimal, no exponent, no trailing zeros. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
