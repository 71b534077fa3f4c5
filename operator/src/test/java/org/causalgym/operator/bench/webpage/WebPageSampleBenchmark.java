package org.causalgym.operator.bench.webpage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The JOSDK webpage sample's figures alone, printed: {@code mvn -Pbench verify
 * -Dit.test=WebPageSampleBenchmark}, sizes by -Dbench.resources and -Dbench.threads; its logs in
 * target/bench.
 */
class WebPageSampleBenchmark {

  @Test
  void figures() throws Exception {
    int resources = Integer.getInteger("bench.resources", 1000);
    int threads = Integer.getInteger("bench.threads", 10);
    WebPageSampleRun.SampleFigures figures =
        WebPageSampleRun.measure(
            resources,
            threads,
            Path.of(System.getProperty("causalgym.benchOutput", "target/bench")));
    System.out.printf(
        "JOSDK webpage sample (%d WebPages, %d threads): CPU per owned object %.2f ms (burst),"
            + " %.2f ms (drain); heap per WebPage %.1f KiB; start-up %.0f ms%n",
        resources,
        threads,
        figures.cpuPerNewObjectMs(),
        figures.cpuPerDrainedObjectMs(),
        figures.heapPerResourceKib(),
        figures.startupMs());
    figures.details().forEach(detail -> System.out.println("  " + detail));
    assertThat(figures.cpuPerNewObjectMs()).isPositive();
    assertThat(figures.cpuPerDrainedObjectMs()).isPositive();
  }
}
