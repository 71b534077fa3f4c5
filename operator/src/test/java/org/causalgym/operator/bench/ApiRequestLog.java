package org.causalgym.operator.bench;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mock API's dispatcher, counting every request the operator makes (all but the harness's, told
 * by its User-Agent): method, kind, bytes sent and received; and how long the API was busy with
 * writes, anyone's. The Fabric8 CRUD mock handles each write under one lock (with a scan of its
 * store and the watches' events), so that time is what a burst of writes cannot go below.
 */
final class ApiRequestLog extends Dispatcher {

  /** One request as the operator made it. */
  record Request(String method, String kind, boolean status, boolean watch, long bytes) {
    boolean write() {
      return !method.equals("GET");
    }
  }

  /**
   * One write as the API handled it, anyone's: when it arrived (before any wait for another write)
   * and when it was answered, by System.nanoTime, which is one clock for every process here.
   */
  record TimedWrite(String path, long arrivedNanos, long answeredNanos) {}

  private final Dispatcher inner;
  private final String harnessUserAgent;
  private final List<Request> requests = new ArrayList<>();
  private final List<TimedWrite> timedWrites = new ArrayList<>();
  private final Object writing = new Object();
  private final AtomicLong writeNanos = new AtomicLong();

  ApiRequestLog(Dispatcher inner, String harnessUserAgent) {
    this.inner = inner;
    this.harnessUserAgent = harnessUserAgent;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response;
    String path = request.getPath();
    String resourcePath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if ("GET".equals(request.getMethod())) {
      response = inner.dispatch(request);
    } else {
      long arrived = System.nanoTime();
      // The mock serialises writes anyway: taken here first, the time measured is the handling's,
      // not the wait for another write.
      synchronized (writing) {
        long started = System.nanoTime();
        response = inner.dispatch(request);
        long answered = System.nanoTime();
        writeNanos.addAndGet(answered - started);
        timedWrites.add(new TimedWrite(resourcePath, arrived, answered));
      }
    }
    if (!harnessUserAgent.equals(request.getHeader("User-Agent"))) {
      long bytes =
          (request.getBody() == null ? 0 : request.getBody().size())
              + (response.getBody() == null ? 0 : response.getBody().size());
      Request logged =
          new Request(
              request.getMethod(),
              kind(resourcePath),
              resourcePath.endsWith("/status"),
              path.contains("watch=true"),
              bytes);
      synchronized (requests) {
        requests.add(logged);
      }
    }
    return response;
  }

  /** Seconds the API has spent handling writes so far, anyone's: a mark to count from. */
  double writeSeconds() {
    return writeNanos.get() / 1e9;
  }

  /** How many requests were logged so far: a mark to count from. */
  int mark() {
    synchronized (requests) {
      return requests.size();
    }
  }

  /** The requests since a mark. */
  List<Request> since(int mark) {
    synchronized (requests) {
      return new ArrayList<>(requests.subList(mark, requests.size()));
    }
  }

  /**
   * The writes arrived and answered in [from, to] to the object whose API path ends with
   * "/namespaces/{namespace}/{plural}/{name}" (not to a subresource of it).
   */
  List<TimedWrite> writesTo(String namespace, String plural, String name, long from, long to) {
    String object = "/namespaces/" + namespace + "/" + plural + "/" + name;
    synchronized (writing) {
      return timedWrites.stream()
          .filter(
              w -> w.path().endsWith(object) && w.arrivedNanos() >= from && w.answeredNanos() <= to)
          .toList();
    }
  }

  /** "POST deployments" and the like, counted. */
  static Map<String, Long> byMethodAndKind(List<Request> requests) {
    Map<String, Long> counts = new TreeMap<>();
    for (Request request : requests) {
      counts.merge(
          request.method() + " " + request.kind() + (request.status() ? "/status" : ""),
          1L,
          Long::sum);
    }
    return counts;
  }

  /**
   * The resource's plural: the segment after the namespace, or after the group and version of a
   * cluster-scoped kind.
   */
  private static String kind(String path) {
    String[] segments = path.replaceFirst("^/", "").split("/");
    int namespaces = List.of(segments).indexOf("namespaces");
    if (namespaces >= 0 && namespaces + 2 < segments.length) {
      return segments[namespaces + 2];
    }
    int first = segments[0].equals("api") ? 2 : 3;
    return segments.length > first ? segments[first] : path;
  }
}
