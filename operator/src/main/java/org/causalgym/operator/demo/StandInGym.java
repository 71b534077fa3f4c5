package org.causalgym.operator.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.causalgym.operator.api.MetricsSpec;

/**
 * A stand-in Causal Interface Gym on loopback: the health endpoints and /metrics with the
 * application's metric names, its error rate and memory level set by the caller, or over HTTP with
 * {@code POST /control/errors?perSecond=N} (the demo prints that command).
 */
public final class StandInGym implements AutoCloseable {

  /**
   * Responses served per second, each in 50 ms: what an availability SLI divides the errors by (1
   * error per second is 5% of the responses) and a latency SLI finds in every bucket from 0.05 s.
   */
  static final double RESPONSES_PER_SECOND = 20;

  private static final double RESPONSE_SECONDS = 0.05;

  /** The path that sets the error rate: POST with query perSecond. */
  public static final String ERRORS_CONTROL = "/control/errors";

  private final HttpServer server;
  private double errorsPerSecond;
  private double memoryPercent = 40;
  private double errors;
  private double responses;
  private long experiments;
  private long lastNanos = System.nanoTime();

  public StandInGym() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
      server.createContext(path, exchange -> respond(exchange, 200, "ok\n"));
    }
    server.createContext("/metrics", exchange -> respond(exchange, 200, metrics()));
    server.createContext(ERRORS_CONTROL, this::control);
    server.start();
  }

  /** host:port of the stand-in, as a scrape target. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The URL that sets the error rate when POSTed to, without its query. */
  public String errorsControlUrl() {
    return "http://" + target() + ERRORS_CONTROL;
  }

  public synchronized void errorsPerSecond(double rate) {
    advance();
    errorsPerSecond = rate;
  }

  public synchronized void memoryPercent(double percent) {
    memoryPercent = percent;
  }

  private void control(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    if (!"POST".equals(exchange.getRequestMethod()) || query == null) {
      respond(exchange, 405, "POST " + ERRORS_CONTROL + "?perSecond=N\n");
      return;
    }
    for (String parameter : query.split("&")) {
      String[] pair = parameter.split("=", 2);
      if (pair.length == 2 && pair[0].equals("perSecond")) {
        try {
          double rate = Double.parseDouble(pair[1]);
          if (rate >= 0 && Double.isFinite(rate)) {
            errorsPerSecond(rate);
            respond(exchange, 200, "errors per second: " + rate + "\n");
            return;
          }
        } catch (NumberFormatException e) {
          // answered below
        }
      }
    }
    respond(exchange, 400, "perSecond must be a number >= 0\n");
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void advance() {
    long now = System.nanoTime();
    double seconds = (now - lastNanos) / 1e9;
    errors += errorsPerSecond * seconds;
    responses += RESPONSES_PER_SECOND * seconds;
    experiments++;
    lastNanos = now;
  }

  private synchronized String metrics() {
    advance();
    long served = (long) responses;
    StringBuilder buckets = new StringBuilder();
    for (double bound : MetricsSpec.DEFAULT_RESPONSE_TIME_BUCKETS) {
      // As Python's prometheus_client writes a bound: 0.5, 1.0.
      buckets.append(
          "causal_gym_response_times_bucket{le=\"%s\"} %d\n"
              .formatted(Double.toString(bound), bound >= RESPONSE_SECONDS ? served : 0));
    }
    return """
        # HELP causal_gym_errors Errors of the application.
        # TYPE causal_gym_errors counter
        causal_gym_errors %s
        # HELP causal_gym_experiments_run Experiments run.
        # TYPE causal_gym_experiments_run counter
        causal_gym_experiments_run %d
        # HELP causal_gym_memory_usage_percent Memory in use, percent.
        # TYPE causal_gym_memory_usage_percent gauge
        causal_gym_memory_usage_percent %s
        # HELP causal_gym_response_times Response times in seconds.
        # TYPE causal_gym_response_times histogram
        %scausal_gym_response_times_bucket{le="+Inf"} %d
        causal_gym_response_times_sum %s
        causal_gym_response_times_count %d
        """
        .formatted(
            errors, experiments, memoryPercent, buckets, served, served * RESPONSE_SECONDS, served);
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(code, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
