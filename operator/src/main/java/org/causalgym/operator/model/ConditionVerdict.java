package org.causalgym.operator.model;

/**
 * What one condition of the status should say, before it gets its type, generation and time.
 *
 * @param status True, False or Unknown
 * @param reason a CamelCase reason
 * @param message what a person can act on
 */
public record ConditionVerdict(String status, String reason, String message) {

  public static ConditionVerdict holds(String reason, String message) {
    return new ConditionVerdict("True", reason, message);
  }

  public static ConditionVerdict fails(String reason, String message) {
    return new ConditionVerdict("False", reason, message);
  }

  public static ConditionVerdict unknown(String reason, String message) {
    return new ConditionVerdict("Unknown", reason, message);
  }
}
