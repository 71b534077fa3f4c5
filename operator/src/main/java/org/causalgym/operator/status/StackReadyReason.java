package org.causalgym.operator.status;

/**
 * The reasons of the StackReady condition. Named apart from the condition types, so that an Event
 * or a metric label reading StackAvailable is not taken for the Available condition of the gym.
 */
public enum StackReadyReason implements ConditionReason {
  /** Prometheus, Alertmanager where enabled, and Grafana have their replicas available. */
  StackAvailable,
  /** Some workload of the stack is missing or has fewer replicas available than it wants. */
  Unavailable
}
