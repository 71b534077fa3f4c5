package org.causalgym.operator.model;

import java.math.BigDecimal;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * The PromQL of the three built-in alerts, with the thresholds of the spec. Each reads only this
 * resource's scrape job: Prometheus evaluates every PrometheusRule against every series, and an
 * unscoped rule of one gym would fire, labelled and routed as its own, for another gym's errors.
 */
public final class AlertExpressions {

  private AlertExpressions() {}

  /** Errors per second over five minutes above the threshold. */
  public static String highErrorRate(CausalGymMonitoring cr) {
    return "rate(%s_errors%s[5m]) > %s"
        .formatted(
            cr.getSpec().metrics.prefix,
            jobSelector(cr),
            number(cr.getSpec().alerts.highErrorRate.threshold));
  }

  /** Memory use in percent above the threshold. */
  public static String highMemoryUsage(CausalGymMonitoring cr) {
    return "%s_memory_usage_percent%s > %s"
        .formatted(
            cr.getSpec().metrics.prefix,
            jobSelector(cr),
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

  /** The up series of the resource's scrape job. */
  static String upSelector(CausalGymMonitoring cr) {
    return "up" + jobSelector(cr);
  }

  /**
   * The series of the scrape job the ServiceMonitor creates: the job is named after the Service.
   */
  static String jobSelector(CausalGymMonitoring cr) {
    return "{job=\"%s\", namespace=\"%s\"}"
        .formatted(cr.getMetadata().getName(), cr.getMetadata().getNamespace());
  }

  /** A threshold as PromQL reads it: plain decimal, no exponent, no trailing zeros. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
