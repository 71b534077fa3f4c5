package org.causalgym.operator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** An HTTP endpoint on loopback that keeps every Alertmanager webhook notification it gets. */
final class WebhookSink implements AutoCloseable {

  private final HttpServer server;
  private final List<JsonNode> alerts = new ArrayList<>();

  WebhookSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    ObjectMapper json = new ObjectMapper();
    server.createContext(
        "/hook",
        exchange -> {
          try (exchange) {
            JsonNode notification = json.readTree(exchange.getRequestBody());
            synchronized (alerts) {
              notification.path("alerts").forEach(alerts::add);
            }
            exchange.sendResponseHeaders(200, -1);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Whether an alert of this name, status and label arrived. */
  boolean received(String alertname, String status, String label, String value) {
    synchronized (alerts) {
      return alerts.stream()
          .anyMatch(
              a ->
                  alertname.equals(a.at("/labels/alertname").asText())
                      && status.equals(a.path("status").asText())
                      && value.equals(a.path("labels").path(label).asText()));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
