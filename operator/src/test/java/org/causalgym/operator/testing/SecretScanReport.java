package org.causalgym.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * What the secret scan of this test JVM found so far (log lines, and the objects, status and Events
 * its clients wrote), written after each test plan (Surefire runs one per test class, so the last
 * write of a JVM holds its totals) where SecretScanIT adds up every JVM of the build, prints the
 * figure and fails the build on a hit.
 */
public final class SecretScanReport implements TestExecutionListener {

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    long lines = SecretScanAppender.LINES.get();
    int hits = SecretScanAppender.HITS.size();
    String dir = System.getProperty("causalgym.secretScan");
    if (dir == null || dir.isBlank()) {
      return;
    }
    Properties report = new Properties();
    SecretScanWrites writes = SecretScanWrites.INSTANCE;
    report.setProperty("values", Integer.toString(SecretValues.count()));
    report.setProperty("lines", Long.toString(lines));
    report.setProperty("hits", Integer.toString(hits));
    report.setProperty("where", String.join("; ", SecretScanAppender.HITS));
    report.setProperty("objects", Long.toString(writes.objects.get()));
    report.setProperty("statuses", Long.toString(writes.statuses.get()));
    report.setProperty("events", Long.toString(writes.events.get()));
    report.setProperty("writeHits", Integer.toString(writes.hits.size()));
    report.setProperty("writesWhere", String.join("; ", writes.hits));
    try {
      Files.createDirectories(Path.of(dir));
      try (var out =
          Files.newBufferedWriter(Path.of(dir, ProcessHandle.current().pid() + ".properties"))) {
        report.store(out, "secret scan of one test JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
