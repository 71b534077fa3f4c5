package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The secret scan of the whole unit suite: every test JVM of this build read every log line it
 * wrote for every Secret value its tests put into a cluster (SecretScanAppender); none may hold
 * one. Runs after the unit tests, in the same build.
 */
class SecretScanIT {

  @Test
  void noLogLineOfTheWholeUnitSuiteHoldsASecretValue() throws IOException {
    Path dir = Path.of(System.getProperty("causalgym.secretScan"));
    // Only a build that ran the unit tests (mvn verify) has something to add up; -Dtest=none
    // selects the integration tests alone.
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "the unit tests did not run in this build: nothing to add up");
    long lines = 0;
    long hits = 0;
    int values = 0;
    List<String> where = new ArrayList<>();
    int jvms = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
        Properties report = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
          report.load(in);
        }
        jvms++;
        lines += Long.parseLong(report.getProperty("lines"));
        hits += Long.parseLong(report.getProperty("hits"));
        values = Math.max(values, Integer.parseInt(report.getProperty("values")));
        if (!report.getProperty("where").isEmpty()) {
          where.add(report.getProperty("where"));
        }
      }
    }
    System.out.printf(
        "Secret scan (unit suite): up to %d Secret values looked for in %d log lines of %d test"
            + " JVMs; hits = %d%n",
        values, lines, jvms, hits);
    assertThat(jvms).isPositive();
    assertThat(lines).isPositive();
    assertThat(where).as("log lines holding a Secret value").isEmpty();
    assertThat(hits).isZero();
  }
}
