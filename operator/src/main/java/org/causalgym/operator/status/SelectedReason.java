package org.causalgym.operator.status;

/** The reasons of the Selected condition: whether the prometheus-operator picks the objects up. */
public enum SelectedReason implements ConditionReason {
  /** Every object is selected by some Prometheus or Alertmanager. */
  Selected,
  /** Some object is selected by none. */
  NotSelected,
  /** No Prometheus resource exists in the cluster. */
  NoPrometheus,
  /** The operator may not read the Prometheus and Alertmanager resources. */
  CannotRead
}
