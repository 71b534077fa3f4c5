package org.causalgym.operator.status;

/** The reasons of the Available condition: the gym's Deployment as its controller reports it. */
public enum AvailableReason implements ConditionReason {
  /** As many replicas available as the Deployment wants. */
  ReplicasAvailable,
  /** Fewer replicas available than the Deployment wants. */
  ReplicasUnavailable,
  /** The Deployment wants no replica. */
  ScaledToZero,
  /** The rollout is stuck: the Deployment's Progressing condition is False. */
  ProgressDeadlineExceeded,
  /** The Deployment does not exist yet. */
  NoDeployment
}
