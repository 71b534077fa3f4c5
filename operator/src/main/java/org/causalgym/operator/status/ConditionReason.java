package org.causalgym.operator.status;

/**
 * A reason of one condition type, declared once as an enum constant of that type's reason enum: its
 * {@link #name()} is the reason as status, Events and the operator's metrics show it.
 */
public interface ConditionReason {

  /** The reason as written to status.conditions[].reason and to Events. */
  String name();
}
