package org.causalgym.operator.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * promql (with promql.template) imports nothing else of ours, so that the PromQL and template
 * checks can be used, tested and moved on their own, and every other package may use them.
 */
class PromqlIsALeafTest {

  private static final Path PROMQL =
      Repository.root().resolve("operator/src/main/java/org/causalgym/operator/promql");

  /** An import of one of our classes, static or not: the package it names. */
  private static final Pattern OURS =
      Pattern.compile(
          "^import (?:static )?(org\\.causalgym\\.operator\\.[\\w.]+);", Pattern.MULTILINE);

  @Test
  void promqlImportsNothingOfOursOutsideItself() throws IOException {
    Map<String, Set<String>> outside = new TreeMap<>();
    try (Stream<Path> files = Files.walk(PROMQL)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher imported = OURS.matcher(Files.readString(file));
        while (imported.find()) {
          if (!imported.group(1).startsWith("org.causalgym.operator.promql.")) {
            outside
                .computeIfAbsent(PROMQL.relativize(file).toString(), f -> new TreeSet<>())
                .add(imported.group(1));
          }
        }
      }
    }
    assertThat(outside).as("imports of promql from the rest of the operator").isEmpty();
  }
}
