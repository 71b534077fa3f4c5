package org.causalgym.operator.promql;

/** The value types of PromQL, named as Prometheus names them in its errors. */
public enum PromqlType {
  SCALAR("scalar"),
  VECTOR("instant vector"),
  MATRIX("range vector"),
  STRING("string");

  private final String description;

  PromqlType(String description) {
    this.description = description;
  }

  @Override
  public String toString() {
    return description;
  }
}
