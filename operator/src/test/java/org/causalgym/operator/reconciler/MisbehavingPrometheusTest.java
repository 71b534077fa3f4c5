package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.causalgym.operator.api.CaRef;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.PrometheusSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.observe.PollSettings;
import org.causalgym.operator.observe.UrlPolicy;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.status.ObservedReason;
import org.causalgym.operator.testing.MisbehavingHttp;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole operator against Prometheus servers on loopback that misbehave, next to a healthy one:
 * one that never answers, one that sends 50 MB, one that redirects to another host, one that needs
 * a bearer token, one with a private CA, and a URL outside the allow-list. Each resource's Observed
 * names its own cause, the operator stays healthy, and the healthy Prometheus's resource follows
 * what it reports meanwhile.
 */
class MisbehavingPrometheusTest {

  private static final String NAMESPACE = "lab-west";
  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final String TOKEN = "probe-token-7f3a";
  private static final String EMPTY_TARGETS =
      "{\"status\":\"success\",\"data\":{\"activeTargets\":[]}}";

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();
  private Operator operator;
  private HttpServer http;
  private HttpsServer https;
  private ServerSocket silent;
  private final AtomicLong hugeMostWritten = new AtomicLong();
  private volatile String healthyTargets = EMPTY_TARGETS;

  @BeforeEach
  void start() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(Executors.newCachedThreadPool());
    http.createContext("/healthy", e -> prometheus(e, healthyTargets));
    http.createContext(
        "/token",
        e -> {
          if (!("Bearer " + TOKEN).equals(e.getRequestHeaders().getFirst("Authorization"))) {
            e.sendResponseHeaders(401, -1);
            e.close();
          } else {
            prometheus(e, EMPTY_TARGETS);
          }
        });
    http.createContext("/huge", MisbehavingHttp.fiftyMegabytes(hugeMostWritten));
    http.createContext(
        "/away",
        e -> {
          e.getResponseHeaders()
              .add("Location", "http://localhost:" + http.getAddress().getPort() + "/healthy");
          e.sendResponseHeaders(302, -1);
          e.close();
        });
    http.start();
    https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(PrometheusCredentialsTest.serverTls()));
    https.createContext("/", e -> prometheus(e, EMPTY_TARGETS));
    https.start();
    silent = MisbehavingHttp.silent();

    cluster.withOurCrds().withPrometheusOperator();
    operator =
        cluster.startOperator(
            OperatorOptions.defaults()
                .withPrometheusPoll(
                    PollSettings.defaults()
                        .withInterval(Duration.ofSeconds(2))
                        .withTimeout(Duration.ofSeconds(1))
                        .withMaxResponseBytes(1 << 20)
                        .withUrlPolicy(UrlPolicy.parse("127.0.0.1"))));
  }

  @AfterEach
  void stop() throws IOException {
    cluster.close();
    http.stop(0);
    https.stop(0);
    silent.close();
  }

  private static void prometheus(HttpExchange exchange, String targets) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body =
        path.endsWith("/api/v1/targets")
            ? targets
            : path.endsWith("/api/v1/rules")
                ? "{\"status\":\"success\",\"data\":{\"groups\":[]}}"
                : "{\"status\":\"success\",\"data\":{\"version\":\"3.5.0\"}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void eachResourceNamesItsOwnCauseWhileTheHealthyOneFollowsItsPrometheus() {
    String base = "http://127.0.0.1:" + http.getAddress().getPort();
    String tls = "https://127.0.0.1:" + https.getAddress().getPort();
    // The CA in a Secret (kind Secret): the suite's secret scan learns it there, as it does from
    // the other tests that keep this CA in a Secret, instead of reading a ConfigMap as a leak.
    secret("probe-ca", "ca.crt", fixture("ca.crt"));
    secret("probe-token", "token", TOKEN);
    create("healthy", p -> p.url = base + "/healthy");
    create("silent", p -> p.url = "http://127.0.0.1:" + silent.getLocalPort());
    create("huge", p -> p.url = base + "/huge");
    create("away", p -> p.url = base + "/away");
    create("no-token", p -> p.url = base + "/token");
    create(
        "with-token",
        p -> {
          p.url = base + "/token";
          p.bearerToken = new SecretKeyRef("probe-token", "token");
        });
    create("no-ca", p -> p.url = tls);
    create(
        "with-ca",
        p -> {
          p.url = tls;
          p.ca = new CaRef("probe-ca", "ca.crt", CaRef.Kind.Secret);
        });
    create("metadata", p -> p.url = "http://169.254.169.254:80");

    awaitObserved("healthy", ObservedReason.NoTargets, "has no target of job healthy");
    // Its deadline passes first; once three intervals went by without a good answer it is Stale,
    // and that message still names the last cause.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(observed("silent").getReason() + ": " + observed("silent").getMessage())
                    .contains(ObservedReason.PrometheusTimeout.name()));
    awaitObserved("huge", ObservedReason.ResponseTooLarge, "");
    awaitObserved("away", ObservedReason.RedirectRefused, "localhost");
    awaitObserved("no-token", ObservedReason.Unauthorized, "");
    awaitObserved("with-token", ObservedReason.NoTargets, "");
    awaitObserved("no-ca", ObservedReason.TLSFailed, "");
    awaitObserved("with-ca", ObservedReason.NoTargets, "");
    awaitObserved("metadata", ObservedReason.URLNotAllowed, "allow-list");
    assertThat(hugeMostWritten.get())
        .as("bytes the 50 MB server wrote in one answer")
        .isLessThan(16L << 20);

    // The healthy Prometheus now scrapes the job: its resource follows within a few polls, while
    // the silent one still holds a poll thread up to its deadline on every round.
    healthyTargets =
        "{\"status\":\"success\",\"data\":{\"activeTargets\":[{\"labels\":{\"job\":\"healthy\","
            + "\"namespace\":\""
            + NAMESPACE
            + "\"},\"scrapeUrl\":\"http://10.0.0.1:8080/metrics\",\"health\":\"up\"}]}}";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(observed("healthy").getReason())
                    .isEqualTo(ObservedReason.RulesNotLoaded.name()));
    // Three intervals without a good answer: Unknown, Stale, saying since when.
    awaitObserved("silent", ObservedReason.Stale, "has given no good answer since");
    assertThat(observed("silent").getStatus()).isEqualTo("Unknown");
    assertThat(operator.getRuntimeInfo().allEventSourcesAreHealthy()).as("healthy").isTrue();
    assertThat(client.secrets().inNamespace(NAMESPACE).list().getItems()).hasSize(2);
  }

  private void secret(String name, String key, String value) {
    PrometheusCredentialsTest.secret(client, NAMESPACE, name, key, value);
  }

  private void create(String name, Consumer<PrometheusSpec> prometheus) {
    CausalGymMonitoring cr =
        Repository.resource(
            """
            apiVersion: monitoring.causal-gym.org/v1alpha1
            kind: CausalGymMonitoring
            metadata: {name: %s, namespace: %s}
            spec:
              app: {image: "registry.example.org/probe:3", port: 7400, metricsPort: 7401}
            """
                .formatted(name, NAMESPACE));
    prometheus.accept(cr.getSpec().prometheus);
    client.resource(cr).create();
  }

  private Condition observed(String name) {
    CausalGymMonitoring cr =
        client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName(name).get();
    assertThat(cr.getStatus()).as("status of " + name).isNotNull();
    return cr.getStatus().conditions.stream()
        .filter(c -> "Observed".equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " has no Observed condition"));
  }

  /**
   * Waits for the reason, or for Stale naming it as the last poll's end: a loaded machine may take
   * longer than three intervals to get here, and Stale then carries the cause.
   */
  private void awaitObserved(String name, ObservedReason reason, String messagePart) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Condition observed = observed(name);
              String shown = observed.getReason() + ": " + observed.getMessage();
              if (!observed.getReason().equals(ObservedReason.Stale.name())
                  || reason == ObservedReason.Stale) {
                assertThat(observed.getReason()).as(name + ": " + shown).isEqualTo(reason.name());
              } else {
                assertThat(observed.getMessage()).contains("the last poll ended in " + reason);
              }
              assertThat(observed.getMessage()).contains(messagePart);
            });
  }

  private static String fixture(String name) {
    try {
      return PrometheusCredentialsTest.fixture(name);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
