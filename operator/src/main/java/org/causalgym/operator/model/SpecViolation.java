package org.causalgym.operator.model;

/** One thing wrong with a resource: the field's path from the resource root, and what is wrong. */
public record SpecViolation(String field, String problem) {

  @Override
  public String toString() {
    return field + ": " + problem;
  }
}
