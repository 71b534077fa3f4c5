package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.WebSocket;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch asked over plain HTTP, served as the API server serves it (k8s.io/apiserver
 * pkg/endpoints/handlers/watch.go, WatchServer.HandleHTTP, Kubernetes v1.32): status 200 with
 * Content-Type application/json and Transfer-Encoding chunked at once, then each event as one line
 * of JSON {@code {"type":…,"object":…}}, flushed as it comes, until the watch ends. The events are
 * those of the same watch opened on the mock API over WebSocket, the only way the mock serves one.
 */
final class HttpWatch {

  private static final Logger LOG = LoggerFactory.getLogger(HttpWatch.class);

  private final Vertx vertx;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final WatchEventRewriter rewriter;

  /** Added events of objects at or below this resourceVersion were listed already; -1: none. */
  private final long listedUpTo;

  private boolean first = true;
  private WebSocket store;
  private long timer = -1;

  private HttpWatch(Vertx vertx, HttpServerRequest request, WatchEventRewriter rewriter) {
    this.vertx = vertx;
    this.request = request;
    this.response = request.response();
    this.rewriter = rewriter;
    this.listedUpTo = listedUpTo(request.getParam("resourceVersion"));
  }

  /**
   * Whether request is a watch that is not a WebSocket upgrade. The API server reads ?watch= as
   * true unless it is "0" or "false" (k8s.io/apimachinery pkg/runtime/conversion.go,
   * Convert_Slice_string_To_bool, v1.32).
   */
  static boolean asked(HttpServerRequest request) {
    String watch = request.getParam("watch");
    return request.method() == HttpMethod.GET
        && watch != null
        && !watch.equals("0")
        && !watch.equalsIgnoreCase("false");
  }

  /** Streams store, the same watch opened on the mock, to request's response. */
  static void stream(
      Vertx vertx, HttpServerRequest request, WebSocket store, WatchEventRewriter rewriter) {
    new HttpWatch(vertx, request, rewriter).stream(store);
  }

  /**
   * The mock opens a watch only where the query holds watch=true, literally
   * (KubernetesCrudDispatcher at fabric8 7.5.2): the watch parameter is written so, the rest of the
   * URI is kept as it came.
   */
  static String storeUri(String uri) {
    int query = uri.indexOf('?');
    return uri.substring(0, query + 1)
        + Arrays.stream(uri.substring(query + 1).split("&"))
            .map(p -> p.equals("watch") || p.startsWith("watch=") ? "watch=true" : p)
            .collect(Collectors.joining("&"));
  }

  /**
   * The resourceVersion a watch starts from (Kubernetes API concepts, "Semantics for watch", and
   * kubectl get's watch, k8s.io/kubectl pkg/cmd/get/get.go, v1.32): unset or "0" starts with an
   * ADDED event for each object there is, which kubectl expects when it watches one object (it
   * drops that first event); a list's resourceVersion, which kubectl watches from after printing
   * the list, sends only what changed after it. The mock starts every watch with ADDED for all
   * there is; those at or below the given version are dropped here. A change made between the list
   * and the watch comes as ADDED rather than MODIFIED.
   */
  private static long listedUpTo(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      return -1;
    }
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException foreign) {
      return -1;
    }
  }

  private void stream(WebSocket opened) {
    store = opened;
    if (response.closed()) {
      store.close();
      return;
    }
    store.textMessageHandler(this::event);
    store.closeHandler(v -> finish());
    store.exceptionHandler(e -> finish());
    response.closeHandler(v -> finish());
    response
        .setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    response.writeHead();
    // timeoutSeconds ends the watch (handlers/get.go, ListResource, v1.32); without it the API
    // server picks 30 to 60 minutes, the demo keeps the watch while both sides are there.
    long timeoutSeconds = timeoutSeconds(request.getParam("timeoutSeconds"));
    if (timeoutSeconds > 0) {
      timer = vertx.setTimer(timeoutSeconds * 1000, id -> finish());
    }
  }

  private static long timeoutSeconds(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException unreadable) {
      return 0;
    }
  }

  private void event(String message) {
    try {
      JsonNode event = Serialization.unmarshal(message, JsonNode.class);
      String type = event.path("type").asText();
      JsonNode object = event.path("object");
      if (alreadyListed(type, object)) {
        return;
      }
      ObjectNode line = Serialization.jsonMapper().createObjectNode();
      line.put("type", type);
      line.set(
          "object",
          rewriter.object(request.getHeader(HttpHeaders.ACCEPT), request.uri(), object, first));
      first = false;
      response.write(Serialization.asJson(line) + "\n");
    } catch (RuntimeException e) {
      // As the API server does when an event cannot be encoded: the watch ends, the client
      // watches again.
      LOG.warn("A watch event for {} could not be written; the watch ends", request.path(), e);
      finish();
    }
  }

  private boolean alreadyListed(String type, JsonNode object) {
    if (listedUpTo < 0 || !type.equals("ADDED")) {
      return false;
    }
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asText()) <= listedUpTo;
    } catch (NumberFormatException unversioned) {
      return false;
    }
  }

  private void finish() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (store != null && !store.isClosed()) {
      store.close();
    }
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
