package org.causalgym.operator.status;

/**
 * What one condition of the status should say, before it gets its type, generation and time.
 *
 * @param status True, False or Unknown
 * @param reason one of the reasons of the condition's type
 * @param message what a person can act on
 * @param <R> the reason enum of the condition's type
 */
public record ConditionVerdict<R extends ConditionReason>(String status, R reason, String message) {

  public static <R extends ConditionReason> ConditionVerdict<R> holds(R reason, String message) {
    return new ConditionVerdict<>("True", reason, message);
  }

  public static <R extends ConditionReason> ConditionVerdict<R> fails(R reason, String message) {
    return new ConditionVerdict<>("False", reason, message);
  }

  public static <R extends ConditionReason> ConditionVerdict<R> unknown(R reason, String message) {
    return new ConditionVerdict<>("Unknown", reason, message);
  }
}
