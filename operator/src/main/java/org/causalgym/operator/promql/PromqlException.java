package org.causalgym.operator.promql;

/** An expression Prometheus would refuse: where (1-based column) and what was expected. */
public final class PromqlException extends Exception {

  private final int column;

  PromqlException(int column, String message) {
    super(message);
    this.column = column;
  }

  /** The 1-based column of the expression at which the problem was found. */
  public int column() {
    return column;
  }

  /** The problem as a person reads it: column and message. */
  public String describe() {
    return "column " + column + ": " + getMessage();
  }
}
