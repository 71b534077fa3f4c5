package org.causalgym.operator.desired;

import java.math.BigDecimal;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * The PromQL of the built-in alerts, with the thresholds of the spec. Each reads only this
 * resource's scrape job or pods: Prometheus evaluates every PrometheusRule against every series,
 * and an unscoped rule of one gym would fire, labelled and routed as its own, for another gym's
 * errors.
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

  /**
   * A pod of the gym's Deployment was evicted. kube-state-metrics (internal/store/pod.go,
   * podStatusReasons) sets kube_pod_status_reason{reason="Evicted"} to 1 for a pod whose
   * status.reason is Evicted, which the kubelet writes when it evicts one; its eviction manager
   * (kubernetes pkg/kubelet/eviction/eviction_manager.go, emptyDirLimitEviction) does so when an
   * emptyDir's usage exceeds its sizeLimit. A Deployment's pods are named {@code
   * <name>-<pod-template-hash>-<5 characters>}; neither part holds a '-', so another Deployment
   * whose name starts with this one's never matches. A '.' of the name is matched literally as [.]
   * (RE2).
   */
  public static String podEvicted(CausalGymMonitoring cr) {
    return "kube_pod_status_reason{reason=\"Evicted\", namespace=\"%s\", pod=~\"%s-[a-z0-9]+-[a-z0-9]{5}\"} == 1"
        .formatted(cr.getMetadata().getNamespace(), cr.getMetadata().getName().replace(".", "[.]"));
  }

  /** The up series of the resource's scrape job. */
  static String upSelector(CausalGymMonitoring cr) {
    return "up" + jobSelector(cr);
  }

  /**
   * The series of the scrape job the ServiceMonitor creates: the job is named after the Service.
   */
  static String jobSelector(CausalGymMonitoring cr) {
    return jobSelector(cr, null);
  }

  /** The job's series that also match one more matcher, such as a bucket's le; none when null. */
  static String jobSelector(CausalGymMonitoring cr, String matcher) {
    return "{job=\"%s\", namespace=\"%s\"%s}"
        .formatted(
            cr.getMetadata().getName(),
            cr.getMetadata().getNamespace(),
            matcher == null ? "" : ", " + matcher);
  }

  /** A threshold as PromQL reads it: plain decimal, no exponent, no trailing zeros. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
