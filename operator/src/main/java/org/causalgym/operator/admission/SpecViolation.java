package org.causalgym.operator.admission;

/**
 * One thing wrong with a resource: the field's path from the resource root (empty where the problem
 * names its fields itself), and what is wrong.
 */
public record SpecViolation(String field, String problem) {

  @Override
  public String toString() {
    return field.isEmpty() ? problem : field + ": " + problem;
  }
}
