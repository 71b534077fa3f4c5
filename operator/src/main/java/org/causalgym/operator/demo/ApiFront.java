package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo API's front door on the user's port: every request goes on as it is to the mock API
 * behind it on loopback, WebSocket upgrades included (Fabric8 clients watch over WebSocket), but a
 * watch asked over plain HTTP, as kubectl asks it and the mock cannot answer, is streamed by {@link
 * HttpWatch}.
 */
public final class ApiFront implements AutoCloseable {

  static final String LOOPBACK = "127.0.0.1";

  /**
   * The subprotocols the mock API accepts (MockWebServer at fabric8 7.5.2), offered here too so an
   * upgrade passes through with the protocol it asked for.
   */
  private static final List<String> CHANNEL_PROTOCOLS =
      List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

  /**
   * Headers that belong to one connection and are not forwarded (RFC 9110 section 7.6.1), with Host
   * and Content-Length, which the forwarding connection sets itself, and the WebSocket handshake's
   * own, which each side's handshake makes anew.
   */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "proxy-connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-extensions",
          "sec-websocket-protocol",
          "sec-websocket-accept");

  /**
   * An API object is at most 1.5 MiB in etcd; a watch event carrying one arrives from the mock in
   * frames of 64 KiB, gathered here into one message.
   */
  private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient http;
  private final WebSocketClient webSockets;
  private final WatchEventRewriter rewriter;

  /**
   * Listens on 127.0.0.1:port (0 picks a free port) in front of the mock API on storePort; an HTTP
   * watch's events go through rewriter. Throws IllegalStateException, caused by the BindException,
   * when the port is taken.
   */
  public ApiFront(int port, int storePort, WatchEventRewriter rewriter) {
    this.rewriter = rewriter;
    vertx = Vertx.vertx();
    http =
        vertx.createHttpClient(
            new HttpClientOptions().setDefaultHost(LOOPBACK).setDefaultPort(storePort),
            // kubectl asks for discovery in parallel, an informer per kind lists at once.
            new PoolOptions().setHttp1MaxSize(32));
    webSockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setDefaultHost(LOOPBACK)
                .setDefaultPort(storePort)
                .setMaxMessageSize(MAX_MESSAGE_BYTES)
                .setMaxConnections(1024));
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost(LOOPBACK)
                    .setPort(port)
                    // HTTP/1.1, as kubectl speaks it to an http:// server: a watch is a chunked
                    // response, and an Upgrade header asks for a WebSocket.
                    .setHttp2ClearTextEnabled(false)
                    .setWebSocketSubProtocols(CHANNEL_PROTOCOLS)
                    .setMaxWebSocketMessageSize(MAX_MESSAGE_BYTES))
            .requestHandler(this::handle);
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      vertx.close();
      throw new IllegalStateException("the demo API cannot listen on port " + port, e.getCause());
    } catch (TimeoutException e) {
      vertx.close();
      throw new IllegalStateException("the demo API did not start listening in 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
      throw new IllegalStateException(e);
    }
  }

  /** The port the front listens on. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the demo API's front did not stop", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpServerRequest request) {
    if ("websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      passWebSocket(request);
    } else if (HttpWatch.asked(request)) {
      webSockets
          .connect(
              new WebSocketConnectOptions()
                  .setURI(HttpWatch.storeUri(request.uri()))
                  .setHeaders(endToEnd(request.headers())))
          .onSuccess(store -> HttpWatch.stream(vertx, request, store, rewriter))
          .onFailure(e -> refused(request.response(), e));
    } else {
      forward(request);
    }
  }

  /** The request to the mock as it came, the mock's answer to the client as it came. */
  private void forward(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    request
        .body()
        .compose(
            body ->
                http.request(
                        new RequestOptions()
                            .setMethod(request.method())
                            .setURI(request.uri())
                            .setHeaders(endToEnd(request.headers())))
                    .compose(out -> body.length() == 0 ? out.send() : out.send(body)))
        .compose(in -> in.body().map(body -> answer(response, in, body)))
        .onFailure(e -> refused(response, e));
  }

  private static Void answer(HttpServerResponse response, HttpClientResponse in, Buffer body) {
    response.setStatusCode(in.statusCode());
    response.headers().addAll(endToEnd(in.headers()));
    response.end(body);
    return null;
  }

  /**
   * A WebSocket goes through as two: one to the mock with the same path, query, headers and
   * subprotocols, then the client's, accepted only once the mock's is, each message and the close
   * passed to the other side. A refused upgrade is answered with the mock's refusal.
   */
  private void passWebSocket(HttpServerRequest request) {
    request.pause();
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setURI(request.uri()).setHeaders(endToEnd(request.headers()));
    String protocols = request.getHeader("Sec-WebSocket-Protocol");
    if (protocols != null) {
      options.setSubProtocols(Arrays.stream(protocols.split(",")).map(String::trim).toList());
    }
    webSockets
        .connect(options)
        .onSuccess(
            store -> {
              // Vert.x delivers the store's first messages on a later turn of the event loop:
              // held until the client's side is there to take them.
              store.pause();
              request
                  .toWebSocket()
                  .onSuccess(
                      user -> {
                        pipe(user, store);
                        pipe(store, user);
                        store.resume();
                      })
                  .onFailure(e -> store.close());
            })
        .onFailure(
            e -> {
              request.resume();
              refused(request.response(), e);
            });
  }

  private static void pipe(WebSocketBase from, WebSocketBase to) {
    from.textMessageHandler(to::writeTextMessage);
    from.binaryMessageHandler(to::writeBinaryMessage);
    from.closeHandler(v -> closeLike(to, from));
    from.exceptionHandler(e -> from.close());
  }

  /** Closes to with from's close code and reason where that code may be sent (RFC 6455 7.4). */
  private static void closeLike(WebSocketBase to, WebSocketBase from) {
    if (to.isClosed()) {
      return;
    }
    Short code = from.closeStatusCode();
    if (code != null && sendable(code)) {
      to.close(code, from.closeReason());
    } else {
      to.close();
    }
  }

  private static boolean sendable(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /**
   * The mock's refusal of an upgrade as it gave it; otherwise, when the mock could not be reached,
   * a Status as the API server writes an error.
   */
  private static void refused(HttpServerResponse response, Throwable failure) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (failure instanceof UpgradeRejectedException refused) {
      response.setStatusCode(refused.getStatus());
      response.headers().addAll(endToEnd(refused.getHeaders()));
      response.end(refused.getBody() == null ? Buffer.buffer() : refused.getBody());
      return;
    }
    response
        .setStatusCode(502)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(
            Serialization.asJson(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withReason("InternalError")
                    .withCode(502)
                    .withMessage("the demo's API store did not answer: " + failure.getMessage())
                    .build()));
  }

  private static MultiMap endToEnd(MultiMap headers) {
    MultiMap kept = MultiMap.caseInsensitiveMultiMap();
    headers.forEach(
        header -> {
          if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
            kept.add(header.getKey(), header.getValue());
          }
        });
    return kept;
  }
}
