package org.causalgym.operator.status;

/**
 * The reasons of the Observed condition: what the Prometheus of spec.prometheus.url reports, or why
 * it could not be read.
 */
public enum ObservedReason implements ConditionReason {
  /** Every target of the job up, every rule of the group loaded and healthy. */
  Scraped,
  /** The first poll of a newly named URL is under way. */
  Pending,
  /** The API could not be read: refused connection, HTTP 5xx, an answer that is not the API's. */
  PrometheusUnreachable,
  /** Prometheus has no target of the resource's job. */
  NoTargets,
  /** Some target of the job is down or not scraped yet. */
  TargetsDown,
  /** The rule group is missing or holds another number of rules. */
  RulesNotLoaded,
  /** A rule of the group failed its last evaluation. */
  RuleUnhealthy,
  /** No complete answer within the poll timeout. */
  PrometheusTimeout,
  /** An answer is larger than the operator reads. */
  ResponseTooLarge,
  /** The TLS handshake failed. */
  TLSFailed,
  /** HTTP 401. */
  Unauthorized,
  /** HTTP 403. */
  Forbidden,
  /** A redirect to another scheme, host or port. */
  RedirectRefused,
  /** The URL is outside the operator's allow-list; nothing was requested. */
  URLNotAllowed,
  /** A Secret or ConfigMap key spec.prometheus references cannot be read. */
  CredentialsUnavailable,
  /** No good answer for three poll intervals. */
  Stale
}
