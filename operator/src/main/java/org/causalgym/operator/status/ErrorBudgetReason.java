package org.causalgym.operator.status;

/** The reasons of the ErrorBudget condition: whether every objective has budget left. */
public enum ErrorBudgetReason implements ConditionReason {
  /** Every objective has error budget left over its window. */
  WithinBudget,
  /** Some objective has spent its whole error budget, or more. */
  BudgetExhausted,
  /** Prometheus could not be read, or has no value yet for some objective (no events yet). */
  NoBudgetData
}
