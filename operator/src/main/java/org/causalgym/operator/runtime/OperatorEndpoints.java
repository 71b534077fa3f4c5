package org.causalgym.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** The operator's own HTTP port: /healthz, /readyz and /metrics in Prometheus text format. */
public final class OperatorEndpoints implements AutoCloseable {

  private final HttpServer server;

  /**
   * Starts serving at once, so that probes get an answer while the informers still sync.
   *
   * @param ready whether the operator is ready to serve: started, informers synced and healthy
   */
  public OperatorEndpoints(
      InetSocketAddress address, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    Gauge.builder("causalgym_operator_ready", () -> ready.getAsBoolean() ? 1 : 0)
        .description("1 while /readyz answers 200: started, informers synced and healthy")
        .register(registry);
    server = HttpServer.create(address, 16);
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n", "text/plain"));
    server.createContext(
        "/readyz",
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          respond(exchange, isReady ? 200 : 503, isReady ? "ready\n" : "not ready\n", "text/plain");
        });
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    server.setExecutor(Executors.newFixedThreadPool(2, r -> daemon(r)));
    server.start();
  }

  /** The port actually bound, for an address with port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "operator-endpoints");
    thread.setDaemon(true);
    return thread;
  }

  private static void respond(HttpExchange exchange, int status, String body, String contentType)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
