package org.causalgym.operator.testing;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving API server in front of the mock one: a share of the writes of one client (told by
 * its User-Agent) fail with 500, 409 Conflict or 429 with Retry-After, or answer slowly, and a
 * share of its watch requests are refused so that its informers must reconnect. Seeded, so a run
 * can be repeated; counts what it injected.
 */
public final class FaultInjectingDispatcher extends Dispatcher {

  /** The kinds of fault, as the summary names them. */
  public enum Fault {
    SERVER_ERROR,
    CONFLICT,
    TOO_MANY_REQUESTS,
    SLOW,
    WATCH_REFUSED
  }

  private final Dispatcher inner;
  private final String userAgent;
  private final double writeFailureShare;
  private final double watchRefusalShare;
  private final Random random;
  private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
  private volatile boolean enabled;

  public FaultInjectingDispatcher(
      Dispatcher inner,
      String userAgent,
      double writeFailureShare,
      double watchRefusalShare,
      long seed) {
    this.inner = inner;
    this.userAgent = userAgent;
    this.writeFailureShare = writeFailureShare;
    this.watchRefusalShare = watchRefusalShare;
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
    if (watch && roll < watchRefusalShare) {
      injected.get(Fault.WATCH_REFUSED).incrementAndGet();
      return status(503, "ServiceUnavailable", "watch refused by the fault injector");
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
