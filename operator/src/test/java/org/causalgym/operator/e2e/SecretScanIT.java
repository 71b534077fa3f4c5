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
 * wrote (SecretScanAppender) and every object, status and Event its Kubernetes clients wrote
 * (SecretScanWrites) for every Secret value put into a cluster; none may hold one. Runs after the
 * unit tests, in the same build.
 */
class SecretScanIT {

  @Test
  void noLogLineObjectStatusOrEventOfTheWholeUnitSuiteHoldsASecretValue() throws IOException {
    Path dir = Path.of(System.getProperty("causalgym.secretScan"));
    // Only a build that ran the unit tests (mvn verify) has something to add up; -Dtest=none
    // selects the integration tests alone.
    Assumptions.assumeTrue(
        Files.isDirectory(dir), "the unit tests did not run in this build: nothing to add up");
    long lines = 0;
    long objects = 0;
    long statuses = 0;
    long events = 0;
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
        objects += Long.parseLong(report.getProperty("objects"));
        statuses += Long.parseLong(report.getProperty("statuses"));
        events += Long.parseLong(report.getProperty("events"));
        hits +=
            Long.parseLong(report.getProperty("hits"))
                + Long.parseLong(report.getProperty("writeHits"));
        values += Integer.parseInt(report.getProperty("values"));
        for (String key : List.of("where", "writesWhere")) {
          if (!report.getProperty(key).isEmpty()) {
            where.add(report.getProperty(key));
          }
        }
      }
    }
    System.out.printf(
        "Secret scan (unit suite, %d test JVMs): %d Secret values looked for in %d log lines and"
            + " %d object, %d status and %d Event writes; hits = %d%n",
        jvms, values, lines, objects, statuses, events, hits);
    assertThat(jvms).isPositive();
    assertThat(lines).isPositive();
    assertThat(objects).isPositive();
    assertThat(statuses).isPositive();
    assertThat(events).isPositive();
    assertThat(where).as("log lines and writes holding a Secret value").isEmpty();
    assertThat(hits).isZero();
  }
}
