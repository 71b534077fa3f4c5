package org.causalgym.operator.api;

/** Whether the monitoring stack is the cluster's or the operator's. */
public enum StackMode {
  /** A stack already runs (kube-prometheus-stack or your own); the operator feeds it. */
  external,
  /** The operator runs Prometheus, Alertmanager and Grafana for this gym in its namespace. */
  managed
}
