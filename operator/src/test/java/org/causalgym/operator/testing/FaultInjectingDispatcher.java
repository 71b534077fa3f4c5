package org.causalgym.operator.testing;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving API server in front of the mock one: a share of the writes of one client (told by
 * its User-Agent) fail with 500, 409 Conflict or 429 with Retry-After, or answer slowly, and its
 * first two watches and a share of the rest are refused or, once open, closed by the server, so
 * that its informers must reconnect. Seeded; counts what it injected.
 */
public final class FaultInjectingDispatcher extends Dispatcher implements AutoCloseable {

  /** The kinds of fault, as the summary names them. */
  public enum Fault {
    SERVER_ERROR,
    CONFLICT,
    TOO_MANY_REQUESTS,
    SLOW,
    WATCH_REFUSED,
    WATCH_CLOSED
  }

  private final Dispatcher inner;
  private final String userAgent;
  private final double writeFailureShare;
  private final double watchFaultShare;
  private final Random random;
  private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
  private final ScheduledExecutorService closer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "watch-closer");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicInteger watches = new AtomicInteger();
  private volatile boolean enabled;

  public FaultInjectingDispatcher(
      Dispatcher inner,
      String userAgent,
      double writeFailureShare,
      double watchFaultShare,
      long seed) {
    this.inner = inner;
    this.userAgent = userAgent;
    this.writeFailureShare = writeFailureShare;
    this.watchFaultShare = watchFaultShare;
    this.random = new Random(seed);
    for (Fault fault : Fault.values()) {
      injected.put(fault, new AtomicInteger());
    }
  }

  public void enable(boolean on) {
    enabled = on;
  }

  public int injected(Fault fault) {
    return injected.get(fault).get();
  }

  public int injected() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (!enabled || !userAgent.equals(request.getHeader("User-Agent"))) {
      return inner.dispatch(request);
    }
    HttpMethod method = HttpMethod.valueOf(request.getMethod());
    boolean write = method != HttpMethod.GET;
    boolean watch = !write && request.getPath().contains("watch=true");
    double roll;
    synchronized (random) {
      roll = random.nextDouble();
    }
    // The first two watches are faulted, one of each kind, so that every run has both however
    // few watches the client opens; then a share of the rest.
    int watchNumber = watch ? watches.getAndIncrement() : -1;
    if (watch && (watchNumber < 2 || roll < watchFaultShare)) {
      // Half are refused outright, half are accepted and closed by the server a little later, as
      // an API server does when it restarts or a load balancer drops the connection.
      if (watchNumber == 0 || (watchNumber > 1 && roll < watchFaultShare / 2)) {
        injected.get(Fault.WATCH_REFUSED).incrementAndGet();
        return status(503, "ServiceUnavailable", "watch refused by the fault injector");
      }
      MockResponse response = inner.dispatch(request);
      WebSocketListener listener = response.getWebSocketListener();
      if (listener != null) {
        long delay = 100 + (long) (Math.min(roll / watchFaultShare, 1) * 1900);
        response.withWebSocketUpgrade(new ClosingLater(listener, delay));
      }
      return response;
    }
    if (!write || roll >= writeFailureShare) {
      return inner.dispatch(request);
    }
    // The failing writes split evenly over the four faults.
    int kind = (int) (roll / writeFailureShare * 4);
    switch (kind) {
      case 0 -> {
        injected.get(Fault.SERVER_ERROR).incrementAndGet();
        return status(500, "InternalError", "injected server error");
      }
      case 1 -> {
        injected.get(Fault.CONFLICT).incrementAndGet();
        return status(409, "Conflict", "injected conflict: the object has been modified");
      }
      case 2 -> {
        injected.get(Fault.TOO_MANY_REQUESTS).incrementAndGet();
        return status(429, "TooManyRequests", "injected throttling").setHeader("Retry-After", "1");
      }
      default -> {
        injected.get(Fault.SLOW).incrementAndGet();
        // Answered, but late: the write happens after a pause.
        return inner.dispatch(request).setBodyDelay(500, TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public void close() {
    closer.shutdownNow();
  }

  /** The mock server's watch, closed from the server's side a while after it opened. */
  private final class ClosingLater extends WebSocketListener {
    private final WebSocketListener watch;
    private final long delayMillis;

    ClosingLater(WebSocketListener watch, long delayMillis) {
      this.watch = watch;
      this.delayMillis = delayMillis;
    }

    @Override
    public void onBeforeAccept(WebSocket socket, Response response) {
      watch.onBeforeAccept(socket, response);
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
      watch.onOpen(socket, response);
      closer.schedule(
          () -> {
            if (enabled) {
              injected.get(Fault.WATCH_CLOSED).incrementAndGet();
              socket.close(1011, "closed by the fault injector");
            }
          },
          delayMillis,
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
      watch.onMessage(socket, text);
    }

    @Override
    public void onMessage(WebSocket socket, ByteString bytes) {
      watch.onMessage(socket, bytes);
    }

    @Override
    public void onMessage(WebSocket socket, byte[] bytes) {
      watch.onMessage(socket, bytes);
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
      watch.onClosing(socket, code, reason);
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
      watch.onClosed(socket, code, reason);
    }

    @Override
    public void onFailure(WebSocket socket, Throwable failure, Response response) {
      watch.onFailure(socket, failure, response);
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\""
                + reason
                + "\",\"message\":\""
                + message
                + "\",\"code\":"
                + code
                + "}");
  }
}
