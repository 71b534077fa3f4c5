package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged demo with prometheus installed shows the whole loop: Observed=True from a real
 * Prometheus scraping the stand-in gym, and after the printed command raises the gym's error rate,
 * HighErrorRate under status.observed.firing once the resource's short for has passed, and its
 * objective's budget burnt in status.observed.slos with ErrorBudgetFastBurn firing. Stopping the
 * demo stops its Prometheus.
 */
class DemoLoopIT {

  private static final Pattern RAISE = Pattern.compile("curl -X POST '([^']+)'");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void thePackagedDemoObservesARealPrometheusAndAnAlertFires() throws Exception {
    new ExternalTool("prometheus", "prometheus").require();
    Path resource = dir.resolve("loop.yaml");
    Files.writeString(
        resource,
        """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata:
          name: loop-gym
          namespace: lab-loop
        spec:
          app: {image: registry.example.org/gym:1, port: 7400, metricsPort: 7401}
          metrics: {scrapeInterval: 1s, scrapeTimeout: 1s}
          alerts:
            highErrorRate: {threshold: 2, for: 3s}
          slos:
            - {name: answers, objective: 99, sli: {availability: {}}}
        """);
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    Process demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("causalgym.demoJar"),
                "-f",
                resource.toString(),
                "--http-port",
                "0",
                "--kubeconfig",
                kubeconfig.toString(),
                "--log-file",
                dir.resolve("demo.log").toString())
            .redirectError(dir.resolve("demo.err").toFile())
            .start();
    List<ProcessHandle> children = new ArrayList<>();
    try {
      List<String> printed = new ArrayList<>();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("# Serving until Ctrl-C")) {
        printed.add(line);
      }
      assertThat(line).as("demo output: %s", printed).isNotNull();
      assertThat(printed).anyMatch(l -> l.startsWith("# Observed=True Scraped: 1 of 1 targets up"));
      String raise =
          printed.stream()
              .map(RAISE::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no command to raise the error rate"));
      demo.descendants().forEach(children::add);
      assertThat(children)
          .as("the demo's Prometheus")
          .anyMatch(p -> p.info().command().orElse("").endsWith("prometheus"));

      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build()) {
        HttpResponse<String> raised =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(raise))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  CausalGymMonitoring cr =
                      client.resources(CausalGymMonitoring.class).withName("loop-gym").get();
                  assertThat(cr.getStatus().observed.firing)
                      .contains("HighErrorRate", "ErrorBudgetFastBurn");
                  // More errors than responses burn the budget of 1% at once.
                  assertThat(cr.getStatus().observed.slos)
                      .singleElement()
                      .satisfies(
                          slo -> {
                            assertThat(slo.name).isEqualTo("answers");
                            assertThat(slo.errorBudgetRemaining).isNegative();
                            assertThat(slo.burnRate1h).isGreaterThan(14.4);
                          });
                  assertThat(
                          cr.getStatus().conditions.stream()
                              .filter(c -> c.getType().equals("ErrorBudget"))
                              .map(c -> c.getStatus() + " " + c.getReason()))
                      .containsExactly("False BudgetExhausted");
                  assertThat(
                          cr.getStatus().conditions.stream()
                              .filter(c -> c.getType().equals("Observed"))
                              .map(Condition::getStatus))
                      .containsExactly("True");
                });
      }
    } finally {
      demo.destroy();
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("demo stopped").isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(children)
                    .as("nothing the demo started is left")
                    .noneMatch(ProcessHandle::isAlive));
  }
}
