package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SpecEdits;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus release a resource's rules are validated for, end to end: the version a stand-in
 * Prometheus on loopback reports at /api/v1/status/buildinfo reaches status.observed and the
 * validation of the alerts, spec.prometheus.version overrides it, and the managed image's tag
 * counts where nothing is reported.
 */
class PrometheusVersionTargetTest {

  private static final String NAMESPACE = "lab-south";
  private static final String NAME = "probe-12";
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A rule the stub parser refuses today: its message names the target it was checked for. */
  private static final String UNPARSABLE = "sum(rate(probe_errors_total[3m]) > 4";

  /** Removed in Prometheus 3.0 (promql/parser/functions.go at v2.55.0 has it, v3.0.0 not). */
  private static final String HOLT_WINTERS = "holt_winters(probe_queue_depth[15m], 0.4, 0.2) > 120";

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();
  private Operator operator;
  private StandInPrometheus prometheus;

  /** Answers targets and rules as a Prometheus that scrapes nothing, and buildinfo as told. */
  private static final class StandInPrometheus implements AutoCloseable {
    private final HttpServer http;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile String version;
    private volatile int buildinfoStatus = 200;

    StandInPrometheus(String version) throws IOException {
      this.version = version;
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext(
          "/api/v1/targets",
          exchange ->
              answer(exchange, 200, "{\"status\":\"success\",\"data\":{\"activeTargets\":[]}}"));
      http.createContext(
          "/api/v1/rules",
          exchange -> answer(exchange, 200, "{\"status\":\"success\",\"data\":{\"groups\":[]}}"));
      http.createContext(
          "/api/v1/status/buildinfo",
          exchange ->
              answer(
                  exchange,
                  buildinfoStatus,
                  buildinfoStatus != 200
                      ? "404 page not found"
                      : "{\"status\":\"success\",\"data\":{\"version\":\""
                          + this.version
                          + "\",\"revision\":\"0f1e2d3c\",\"branch\":\"HEAD\","
                          + "\"goVersion\":\"go1.24.4\"}}"));
      http.start();
    }

    private void answer(HttpExchange exchange, int status, String body) throws IOException {
      requests
          .computeIfAbsent(exchange.getHttpContext().getPath(), p -> new AtomicInteger())
          .incrementAndGet();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    int requests(String path) {
      return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  @BeforeEach
  void startOperator() throws IOException {
    prometheus = new StandInPrometheus("3.5.0");
    cluster.withOurCrds().withPrometheusOperator();
    operator = cluster.startOperator(OperatorOptions.defaults().withPrometheusPollInterval(POLL));
  }

  @AfterEach
  void stop() {
    cluster.close();
    prometheus.close();
  }

  private void create(String url, String version, String expr) {
    CausalGymMonitoring cr =
        Repository.resource(
            """
            apiVersion: monitoring.causal-gym.org/v1alpha1
            kind: CausalGymMonitoring
            metadata: {name: %s, namespace: %s}
            spec:
              app: {image: "registry.example.org/probe:3", port: 7400, metricsPort: 7401}
              alerts:
                additional:
                  - {name: ProbeQueueGrowing, expr: "%s", for: 3m, severity: ticket}
            """
                .formatted(NAME, NAMESPACE, expr));
    cr.getSpec().prometheus.url = url;
    cr.getSpec().prometheus.version = version;
    client.resource(cr).create();
  }

  private CausalGymMonitoring current() {
    return client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName(NAME).get();
  }

  private Condition ready() {
    return cluster.ready(NAMESPACE, NAME);
  }

  private String observedVersion() {
    CausalGymMonitoring cr = current();
    return cr.getStatus() == null || cr.getStatus().observed == null
        ? null
        : cr.getStatus().observed.prometheusVersion;
  }

  private void awaitReady(String status, String reason, String messagePart) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition ready = ready();
              assertThat(ready.getStatus()).isEqualTo(status);
              assertThat(ready.getReason()).isEqualTo(reason);
              assertThat(ready.getMessage()).contains(messagePart);
            });
  }

  private void edit(Consumer<CausalGymMonitoringSpec> change) {
    SpecEdits.edit(client, NAMESPACE, NAME, change);
  }

  @Test
  void theReportedVersionIsShownAskedRarelyAndFollowed() {
    create(prometheus.url(), null, "probe_queue_depth > 120");
    await().atMost(TIMEOUT).until(() -> "3.5.0".equals(observedVersion()));
    assertThat(ready().getStatus()).isEqualTo("True");

    // Polled five times a second, buildinfo asked now and then: no status write while it says
    // the same.
    int targetsBefore = prometheus.requests("/api/v1/targets");
    int buildinfoBefore = prometheus.requests("/api/v1/status/buildinfo");
    cluster.assertNoRequestsWhileIdle();
    int polls = prometheus.requests("/api/v1/targets") - targetsBefore;
    int asked = prometheus.requests("/api/v1/status/buildinfo") - buildinfoBefore;
    assertThat(polls).as("polls while idle").isGreaterThan(PrometheusPoller.BUILDINFO_EVERY);
    assertThat(asked).as("buildinfo asked while idle").isPositive();
    assertThat(asked).isLessThanOrEqualTo(polls / PrometheusPoller.BUILDINFO_EVERY + 1);
    assertThat(observedVersion()).isEqualTo("3.5.0");

    // Upgraded (down, as 2.53.1 here) without a failed poll in between.
    prometheus.version = "v2.53.1";
    await().atMost(TIMEOUT).until(() -> "2.53.1".equals(observedVersion()));

    prometheus.buildinfoStatus = 404;
    await().atMost(TIMEOUT).until(() -> observedVersion() == null);
    assertThat(current().getStatus().observed).as("the rest is still observed").isNotNull();
    cluster.assertNoRequestsWhileIdle();
  }

  @Test
  void theTargetThatReachesTheValidatorFollowsTheReportedVersionAndTheSpec() {
    prometheus.version = "2.53.1";
    create(prometheus.url(), null, UNPARSABLE);
    awaitReady("False", "InvalidSpec", "spec.alerts.additional[0].expr: ");
    awaitReady(
        "False",
        "InvalidSpec",
        "(checked for Prometheus 2.53.1: status.observed.prometheusVersion)");

    // A changed version re-validates the resource, invalid as it is.
    prometheus.version = "3.4.0";
    awaitReady(
        "False",
        "InvalidSpec",
        "(checked for Prometheus 3.4.0: status.observed.prometheusVersion)");

    edit(spec -> spec.prometheus.version = "v3.1");
    awaitReady("False", "InvalidSpec", "(checked for Prometheus 3.1.0: spec.prometheus.version)");

    // Without an answering buildinfo: the fallback.
    edit(spec -> spec.prometheus.version = null);
    prometheus.buildinfoStatus = 404;
    awaitReady(
        "False",
        "InvalidSpec",
        "(checked for Prometheus 2.42–3.5: every supported Prometheus release)");
  }

  @Test
  void inManagedModeTheImagesTagIsTheTargetUntilAVersionIsReported() {
    create(null, null, UNPARSABLE);
    awaitReady(
        "False",
        "InvalidSpec",
        "(checked for Prometheus 2.42–3.5: every supported Prometheus release)");
    edit(
        spec -> {
          spec.stack.mode = StackMode.managed;
          spec.stack.prometheus.image = "registry.lab.example/prometheus:v3.2.1";
        });
    // The managed Prometheus does not run here: nothing is reported.
    awaitReady(
        "False", "InvalidSpec", "(checked for Prometheus 3.2.1: spec.stack.prometheus.image)");
  }

  @Test
  void holtWintersIsInvalidForEveryReleaseOr3xAndAcceptedWhere253IsNamed() {
    create(null, null, HOLT_WINTERS);
    awaitReady("False", "InvalidSpec", "spec.alerts.additional[0].expr: ");
    assertThat(ready().getMessage()).contains("holt_winters").contains("Prometheus 2.42–3.5");

    edit(spec -> spec.prometheus.version = "2.53");
    awaitReady("True", "Reconciled", "");

    edit(
        spec -> {
          spec.prometheus.version = null;
          spec.prometheus.url = prometheus.url();
        });
    // Until the first poll answers, every supported release is the target; then the reported one.
    awaitReady("False", "InvalidSpec", "the target is Prometheus 3.5.0");
    assertThat(ready().getMessage()).contains("holt_winters");
  }
}
