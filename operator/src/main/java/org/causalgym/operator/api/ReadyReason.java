package org.causalgym.operator.api;

/** The reasons of a CausalGymMonitoring's Ready condition, as status and the metrics show them. */
public enum ReadyReason {
  /** Every wanted object is in its desired state. */
  Reconciled,
  /** Applied what the cluster allows; the monitoring.coreos.com kinds are not served. */
  PrometheusOperatorMissing,
  /** Applied what the cluster allows; dashboards.mode asks for a kind grafana-operator serves. */
  GrafanaOperatorMissing,
  /** Applied, but a referenced Secret or key does not exist. */
  MissingSecret,
  /** The spec cannot be applied; nothing was changed. */
  InvalidSpec,
  /** The API refused a write or could not be reached; retried with back-off. */
  ReconcileFailed
}
