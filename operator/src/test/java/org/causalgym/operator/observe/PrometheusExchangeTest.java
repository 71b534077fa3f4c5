package org.causalgym.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.causalgym.operator.status.ObservedReason;
import org.causalgym.operator.testing.MisbehavingHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One bounded exchange against misbehaving servers on loopback: each ends with the Observed reason
 * naming what happened, within the deadline, having read no more than the cap.
 */
class PrometheusExchangeTest {

  private static final String BUILDINFO =
      "{\"status\":\"success\",\"data\":{\"version\":\"3.5.0\"}}";
  private static final long CAP = 1 << 20;

  private HttpServer http;
  private ServerSocket silent;
  private ScheduledExecutorService timer;
  private PrometheusExchange exchange;
  private final AtomicLong written = new AtomicLong();

  @BeforeEach
  void start() throws IOException {
    timer = Executors.newSingleThreadScheduledExecutor();
    exchange =
        new PrometheusExchange(
            PollSettings.defaults().withTimeout(Duration.ofSeconds(2)).withMaxResponseBytes(CAP),
            timer);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(Executors.newCachedThreadPool());
    http.createContext(
        "/trickle",
        exchange -> {
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write("{\"status\":\"success\",\"data\":{\"version\":\"".getBytes());
            for (int i = 0; i < 600; i++) {
              body.write('3');
              body.flush();
              Thread.sleep(100);
            }
          } catch (InterruptedException | IOException closed) {
            // The client went away: what the deadline is for.
          }
        });
    http.createContext("/huge", MisbehavingHttp.fiftyMegabytes(written));
    http.createContext(
        "/away",
        exchange -> {
          exchange
              .getResponseHeaders()
              .add(
                  "Location",
                  "http://localhost:" + http.getAddress().getPort() + "/ok?token=s3cret-query");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    http.createContext(
        "/here",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/ok");
          exchange.sendResponseHeaders(307, -1);
          exchange.close();
        });
    http.createContext(
        "/ok",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (exchange.getRequestURI().getQuery() != null
              && exchange.getRequestURI().getQuery().contains("auth")
              && !"Bearer t0ken".equals(auth)) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
          }
          byte[] bytes = BUILDINFO.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    http.start();
    silent = MisbehavingHttp.silent();
  }

  @AfterEach
  void stop() throws IOException {
    http.stop(0);
    silent.close();
    timer.shutdownNow();
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  private Optional<String> get(URI base, String path, PrometheusAccess access) throws Exception {
    return exchange.get(
        base,
        path,
        access,
        System.nanoTime() + Duration.ofSeconds(2).toNanos(),
        PrometheusAnswers::version);
  }

  private void assertFails(
      URI base, String path, PrometheusAccess access, ObservedReason reason, String message) {
    assertThatThrownBy(() -> get(base, path, access))
        .isInstanceOfSatisfying(
            PrometheusExchange.Failed.class,
            failed -> {
              assertThat(failed.failure().reason()).isEqualTo(reason);
              assertThat(failed.failure().message()).contains(message);
            });
  }

  @Test
  void aServerThatNeverAnswersEndsAtTheDeadline() {
    assertFails(
        URI.create("http://127.0.0.1:" + silent.getLocalPort()),
        "/api/v1/targets",
        PrometheusAccess.NONE,
        ObservedReason.PrometheusTimeout,
        "/api/v1/targets: no complete answer within 2s (--prometheus-poll-timeout)");
  }

  @Test
  void aBodyThatTricklesEndsAtTheDeadline() {
    // Headers come at once; only the deadline over the body ends this (a minute of trickle).
    assertFails(
        base(),
        "/trickle",
        PrometheusAccess.NONE,
        ObservedReason.PrometheusTimeout,
        "within 2s (--prometheus-poll-timeout)");
  }

  @Test
  void fiftyMegabytesAreNotReadPastTheCap() {
    assertFails(
        base(),
        "/huge",
        PrometheusAccess.NONE,
        ObservedReason.ResponseTooLarge,
        "larger than " + CAP + " bytes (--prometheus-max-response-bytes)");
    // What the server got out before the connection closed: the cap plus socket buffers.
    assertThat(written.get()).isLessThan(16L << 20);
  }

  @Test
  void aRedirectToAnotherHostIsRefusedNamingTheHostOnly() {
    assertFails(
        base(),
        "/away",
        PrometheusAccess.NONE,
        ObservedReason.RedirectRefused,
        "redirected to another host, localhost:" + http.getAddress().getPort());
    assertThatThrownBy(() -> get(base(), "/away", PrometheusAccess.NONE))
        .hasMessageNotContaining("s3cret-query");
  }

  @Test
  void aRedirectOnTheSameHostIsFollowed() throws Exception {
    assertThat(get(base(), "/here", PrometheusAccess.NONE)).contains("3.5.0");
  }

  @Test
  void theAuthorizationOfTheAccessIsSent() throws Exception {
    assertFails(base(), "/ok?auth", PrometheusAccess.NONE, ObservedReason.Unauthorized, "HTTP 401");
    assertThat(get(base(), "/ok?auth", new PrometheusAccess(null, "Bearer t0ken")))
        .contains("3.5.0");
  }
}
