package org.causalgym.operator.api;

/** How the dashboards reach Grafana. */
public enum DashboardsMode {
  /** A GrafanaDashboard where grafana-operator's kind is served, else the ConfigMap. */
  auto,
  /** Always the ConfigMap the Grafana sidecar of kube-prometheus-stack loads. */
  configMap,
  /** Always a GrafanaDashboard; not ready where grafana-operator's kind is not served. */
  grafanaOperator
}
