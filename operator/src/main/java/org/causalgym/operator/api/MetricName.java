package org.causalgym.operator.api;

/** The shape of Prometheus metric names and label names, as the spec uses them. */
public final class MetricName {

  /** A metric name prefix: a metric name without colons, which are reserved for recording rules. */
  public static final String PREFIX_PATTERN = "^[a-zA-Z_][a-zA-Z0-9_]*$";

  /** An alert name; Prometheus allows any string, we keep to what reads well in a route. */
  public static final String ALERT_NAME_PATTERN = "^[A-Za-z][A-Za-z0-9_]*$";

  private MetricName() {}
}
