package org.causalgym.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.status.ObservedReason;
import org.causalgym.operator.status.ObservedReport;
import org.causalgym.operator.status.PrometheusSnapshot;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polls of several URLs at once: a blackholed URL and one whose poll throws a JVM Error do not
 * delay a healthy one, each resource sees its own cause, and a URL without a good answer for three
 * intervals turns Stale once.
 */
class PrometheusPollsTest {

  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private HttpServer healthy;
  private ServerSocket silent;
  private volatile boolean healthyFails;
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-12-06T00:00:00Z"));
  private final Map<String, AtomicInteger> changes = new ConcurrentHashMap<>();

  /**
   * What each resource's reconcile last saw. The test reads this, never the polls themselves: a
   * view() from the test thread would race the listener's and hide or double a change.
   */
  private final Map<String, PrometheusSnapshot.View> reconciled = new ConcurrentHashMap<>();

  private PrometheusPolls polls;

  @BeforeEach
  void start() throws IOException {
    healthy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    healthy.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String body =
              path.endsWith("/targets")
                  ? "{\"status\":\"success\",\"data\":{\"activeTargets\":[]}}"
                  : path.endsWith("/rules")
                      ? "{\"status\":\"success\",\"data\":{\"groups\":[]}}"
                      : "{\"status\":\"success\",\"data\":{\"version\":\"3.5.0\"}}";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(healthyFails ? 503 : 200, healthyFails ? -1 : bytes.length);
          if (!healthyFails) {
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    healthy.start();
    silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  @AfterEach
  void stop() throws IOException {
    if (polls != null) {
      polls.stop();
    }
    healthy.stop(0);
    silent.close();
  }

  private static CausalGymMonitoring resource(String name, String url) {
    CausalGymMonitoring cr =
        SpecValidator.check(Repository.resource(Repository.samples().resolve("minimal.yaml")))
            .admitted();
    cr.getMetadata().setName(name);
    cr.getMetadata().setNamespace("lab");
    cr.getSpec().prometheus.url = url;
    return cr;
  }

  private void start(List<CausalGymMonitoring> resources, AccessResolver resolver) {
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    polls =
        new PrometheusPolls(
            PollSettings.defaults()
                .withInterval(INTERVAL)
                .withTimeout(Duration.ofSeconds(60))
                .withUrlPolicy(UrlPolicy.parse("127.0.0.1")),
            resolver,
            clock,
            () -> resources,
            new PrometheusPolls.Listener() {
              @Override
              public void changed(CausalGymMonitoring resource) {
                changes
                    .computeIfAbsent(resource.getMetadata().getName(), n -> new AtomicInteger())
                    .incrementAndGet();
                polls
                    .view(resource) // what a reconcile does
                    .ifPresent(view -> reconciled.put(resource.getMetadata().getName(), view));
              }

              @Override
              public void polled(boolean success) {}
            });
    polls.start();
  }

  private String reason(CausalGymMonitoring cr) {
    PrometheusSnapshot.View view = reconciled.get(cr.getMetadata().getName());
    return view == null
        ? "pending"
        : view.failure() == null ? "answered" : view.failure().reason().name();
  }

  private String message(CausalGymMonitoring cr) {
    PrometheusSnapshot.View view = reconciled.get(cr.getMetadata().getName());
    return view == null || view.failure() == null ? "" : view.failure().message();
  }

  @Test
  void aBlackholedURLAndAnErrorInAPollDelayNeitherEachOtherNorAHealthyURL() {
    String ok = "http://127.0.0.1:" + healthy.getAddress().getPort();
    CausalGymMonitoring good = resource("good", ok);
    CausalGymMonitoring hole = resource("hole", "http://127.0.0.1:" + silent.getLocalPort());
    CausalGymMonitoring broken = resource("broken", ok + "/broken");
    AccessResolver throwing =
        new AccessResolver() {
          @Override
          public String identity(CausalGymMonitoring resource) {
            return "";
          }

          @Override
          public PrometheusAccess resolve(CausalGymMonitoring resource) {
            if (resource.getMetadata().getName().equals("broken")) {
              throw new StackOverflowError();
            }
            return PrometheusAccess.NONE;
          }
        };
    start(List.of(good, hole, broken), throwing);
    await()
        .atMost(WAIT)
        .until(
            () ->
                reason(good).equals("answered")
                    && reason(broken).equals(ObservedReason.PrometheusUnreachable.name()));
    assertThat(message(broken))
        .isEqualTo("the poll failed inside the operator: StackOverflowError");
    // The blackholed poll holds its own thread for its minute; the healthy URL goes on meanwhile.
    healthyFails = true;
    await()
        .atMost(WAIT)
        .until(() -> reason(good).equals(ObservedReason.PrometheusUnreachable.name()));
    assertThat(reason(hole)).isEqualTo("pending");
    healthyFails = false;
    await().atMost(WAIT).until(() -> reason(good).equals("answered"));
    assertThat(reason(broken))
        .as("still polled, still failing")
        .isEqualTo(ObservedReason.PrometheusUnreachable.name());
  }

  @Test
  void threeIntervalsWithoutAGoodAnswerTurnStaleOnce() {
    CausalGymMonitoring cr = resource("gym", "http://127.0.0.1:" + healthy.getAddress().getPort());
    start(List.of(cr), AccessResolver.NONE);
    await().atMost(WAIT).until(() -> reason(cr).equals("answered"));
    Instant good = now.get();
    healthyFails = true;
    // A poll under way when the server turned may fail on its second request (the rules) first.
    await().atMost(WAIT).until(() -> message(cr).equals("/api/v1/targets: HTTP 503"));
    int before = changes.get("gym").get();
    // Failing polls go on; the clock has not moved: no change while the failure stays the same.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> changes.get("gym").get() == before);
    now.set(good.plus(INTERVAL.multipliedBy(3)));
    await().atMost(WAIT).until(() -> reason(cr).equals(ObservedReason.Stale.name()));
    assertThat(message(cr))
        .isEqualTo(
            "has given no good answer since 2026-12-06T00:00:00Z; the last poll ended in"
                + " PrometheusUnreachable: /api/v1/targets: HTTP 503");
    assertThat(
            ObservedReport.of(
                    GymPlan.of(cr, ServedKinds.nothing()), Optional.of(reconciled.get("gym")))
                .verdict()
                .status())
        .isEqualTo("Unknown");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(WAIT)
        .until(() -> changes.get("gym").get() == before + 1);
  }
}
