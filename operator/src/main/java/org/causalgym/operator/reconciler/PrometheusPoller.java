package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.PrometheusSnapshot;
import org.causalgym.operator.model.StackPrometheusModel;
import org.causalgym.operator.observe.PollSettings;
import org.causalgym.operator.runtime.OperatorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the HTTP API of each Prometheus that resources name in spec.prometheus.url: one poll per
 * URL per interval, shared by every resource naming it. A resource is reconciled only when what it
 * sees of the poll ({@link PrometheusSnapshot.View}) changed, its version included; a new URL is
 * polled at once. The version (/api/v1/status/buildinfo) is asked when a series of answers starts
 * (the first poll, the first after a failed one: a restart, as an upgrade is) and every {@value
 * #BUILDINFO_EVERY} polls besides, for an upgrade that no poll saw fail.
 */
final class PrometheusPoller extends AbstractEventSource<PrometheusSnapshot, CausalGymMonitoring> {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusPoller.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final int BUILDINFO_EVERY = 10;
  private static final String BUILDINFO = "/api/v1/status/buildinfo";

  private final IndexerResourceCache<CausalGymMonitoring> primaries;
  private final PollSettings settings;
  private final OperatorMetrics metrics;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final Map<String, PrometheusSnapshot> snapshots = new ConcurrentHashMap<>();
  private final Map<String, Integer> pollsSinceBuildinfo = new ConcurrentHashMap<>();
  private final Map<ResourceID, PrometheusSnapshot.View> seen = new ConcurrentHashMap<>();
  private final Set<String> requested = ConcurrentHashMap.newKeySet();
  private volatile ScheduledExecutorService executor;

  PrometheusPoller(
      EventSourceContext<CausalGymMonitoring> context,
      PollSettings settings,
      OperatorMetrics metrics) {
    super(PrometheusSnapshot.class, "prometheus-poller");
    this.primaries = context.getPrimaryCache();
    this.settings = settings;
    this.metrics = metrics;
  }

  /**
   * What the resource sees of the last poll of its URL, remembered as reported; empty before the
   * first poll of a URL, which is then started.
   */
  Optional<PrometheusSnapshot.View> view(CausalGymMonitoring cr) {
    String url = StackPrometheusModel.observedUrl(cr).orElseThrow();
    PrometheusSnapshot snapshot = snapshots.get(url);
    if (snapshot == null) {
      ScheduledExecutorService running = executor;
      if (running != null && requested.add(url)) {
        try {
          running.execute(() -> poll(url));
        } catch (RejectedExecutionException stopping) {
          requested.remove(url);
        }
      }
      return Optional.empty();
    }
    PrometheusSnapshot.View view = snapshot.view(cr);
    seen.put(ResourceID.fromResource(cr), view);
    return Optional.of(view);
  }

  @Override
  public synchronized void start() throws OperatorException {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "prometheus-poller");
              thread.setDaemon(true);
              return thread;
            });
    long millis = settings.interval().toMillis();
    executor.scheduleWithFixedDelay(this::pollAll, millis, millis, TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public Status getStatus() {
    return isRunning() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  @Override
  public Set<PrometheusSnapshot> getSecondaryResources(CausalGymMonitoring primary) {
    return Set.of();
  }

  /** One round: every URL resources name now; snapshots of URLs no longer named are dropped. */
  private void pollAll() {
    poll(null);
  }

  /**
   * Polls one URL, or every named URL where it is null, and reconciles the resources whose view
   * changed. Never throws: a scheduled task that throws is never run again.
   */
  private void poll(String only) {
    try {
      Map<String, List<CausalGymMonitoring>> resources = byUrl();
      if (only == null) {
        snapshots.keySet().retainAll(resources.keySet());
        pollsSinceBuildinfo.keySet().retainAll(resources.keySet());
      }
      seen.keySet()
          .retainAll(
              resources.values().stream()
                  .flatMap(List::stream)
                  .map(ResourceID::fromResource)
                  .collect(Collectors.toSet()));
      for (String url : only == null ? resources.keySet() : Set.of(only)) {
        PrometheusSnapshot snapshot = fetch(url);
        snapshots.put(url, snapshot);
        for (CausalGymMonitoring cr : resources.getOrDefault(url, List.of())) {
          ResourceID id = ResourceID.fromResource(cr);
          if (!snapshot.view(cr).equals(seen.get(id)) && getEventHandler() != null) {
            getEventHandler().handleEvent(new Event(id));
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Polling Prometheus failed", e);
    } finally {
      if (only != null) {
        requested.remove(only);
      }
    }
  }

  private Map<String, List<CausalGymMonitoring>> byUrl() {
    return primaries
        .list()
        .filter(cr -> StackPrometheusModel.observedUrl(cr).isPresent())
        .collect(Collectors.groupingBy(cr -> StackPrometheusModel.observedUrl(cr).orElseThrow()));
  }

  private PrometheusSnapshot fetch(String url) {
    PrometheusSnapshot previous = snapshots.get(url);
    Optional<String> known = previous == null ? Optional.empty() : previous.version();
    try {
      JsonNode targets = get(url, "/api/v1/targets?state=active");
      JsonNode rules = get(url, "/api/v1/rules");
      int polls = pollsSinceBuildinfo.merge(url, 1, Integer::sum);
      Optional<String> version = known;
      if (previous == null || previous.error().isPresent() || polls >= BUILDINFO_EVERY) {
        version = buildinfo(url);
        pollsSinceBuildinfo.put(url, 0);
      }
      PrometheusSnapshot snapshot = PrometheusSnapshot.of(targets, rules, version);
      metrics.prometheusPolled(snapshot.error().isEmpty());
      return snapshot;
    } catch (IOException | IllegalArgumentException e) {
      metrics.prometheusPolled(false);
      return PrometheusSnapshot.unreachable(e.getMessage(), known);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PrometheusSnapshot.unreachable("polling was interrupted", known);
    }
  }

  /**
   * The version the Prometheus reports; empty where it answers none (a proxy or a Prometheus-like
   * server without the endpoint): its rules are then checked for the fallback target.
   */
  private Optional<String> buildinfo(String url) throws InterruptedException {
    try {
      return PrometheusSnapshot.version(get(url, BUILDINFO));
    } catch (IOException e) {
      LOG.debug("No version from {}: {}", url, e.getMessage());
      return Optional.empty();
    }
  }

  private JsonNode get(String url, String path) throws IOException, InterruptedException {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(TIMEOUT)
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // The JDK's messages are often empty (a refused connection): the type says what happened.
      throw new IOException(
          path
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()),
          e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(path + ": HTTP " + response.statusCode());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(path + ": the answer is not JSON", e);
    }
  }
}
