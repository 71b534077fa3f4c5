package org.causalgym.operator.status;

/**
 * The reasons of the Ready condition; in order of precedence where several obstacles stand in the
 * way at once (a Conflict comes before a refusal).
 */
public enum ReadyReason implements ConditionReason {
  /** Every wanted object is in its desired state. */
  Reconciled,
  /** Applied what the cluster allows; the monitoring.coreos.com kinds are not served. */
  PrometheusOperatorMissing,
  /** Applied what the cluster allows; dashboards.mode asks for a kind grafana-operator serves. */
  GrafanaOperatorMissing,
  /** Applied, but a referenced Secret or key does not exist. */
  MissingSecret,
  /**
   * An object exists under a name this resource needs and is controlled by something else (another
   * resource, another tool, or nothing); it is left alone and looked at again now and then.
   */
  Conflict,
  /**
   * Kubernetes will not make a change the spec asks for: the API server refused a write as invalid
   * (422), or the Prometheus volume claim cannot become what spec.stack.prometheus.storage says.
   * Not retried until the spec or the object changes; the message says what to do.
   */
  Refused,
  /** The spec cannot be applied; nothing was changed. */
  InvalidSpec,
  /** The API refused a write or could not be reached; retried with back-off. */
  ReconcileFailed
}
