package org.causalgym.operator.status;

import java.util.List;

/**
 * The conditions of a CausalGymMonitoring's status, each with the reasons it can give; a type's
 * {@link #name()} is status.conditions[].type.
 */
public enum ConditionType {
  /** Every wanted object is in its desired state. */
  Ready(ReadyReason.values()),
  /** The gym's Deployment has its replicas available. */
  Available(AvailableReason.values()),
  /** A Prometheus and Alertmanager of the cluster select the resource's objects. */
  Selected(SelectedReason.values()),
  /** The Prometheus of spec.prometheus.url scrapes the gym and evaluates its rules. */
  Observed(ObservedReason.values()),
  /** The workloads of the managed stack have their replicas available. */
  StackReady(StackReadyReason.values()),
  /** Every service level objective has error budget left, as its Prometheus reports. */
  ErrorBudget(ErrorBudgetReason.values());

  private final List<ConditionReason> reasons;

  ConditionType(ConditionReason[] reasons) {
    this.reasons = List.of(reasons);
  }

  /** Every reason a condition of this type can give, in declaration order. */
  public List<ConditionReason> reasons() {
    return reasons;
  }

  /** Whether reason is one this type can give: a verdict of one condition set on another is not. */
  public boolean gives(ConditionReason reason) {
    return reasons.contains(reason);
  }
}
