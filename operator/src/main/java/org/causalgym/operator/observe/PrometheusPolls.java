package org.causalgym.operator.observe;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.PrometheusRuleModel;
import org.causalgym.operator.desired.SloRules;
import org.causalgym.operator.status.ObservedReason;
import org.causalgym.operator.status.PrometheusSnapshot;
import org.causalgym.operator.status.PrometheusSnapshot.Failure;
import org.causalgym.operator.status.PrometheusSnapshot.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the Prometheus servers that resources name, one series of polls per URL and access identity
 * (resources naming the same URL with the same references share it), each poll a task on a small
 * pool bounded by a deadline, so that a slow or blackholed URL holds only its own task. Whatever
 * happens in a poll, a JVM Error included, ends as a failure its resources see. A URL without a
 * good answer for {@value #STALE_AFTER} intervals is stale: seen once, as one change. The access is
 * resolved and the version (/api/v1/status/buildinfo) asked when a series of answers starts (the
 * first poll, the first after a failed one: a restart, as an upgrade is) and every {@value
 * #BUILDINFO_EVERY} polls besides (a rotated token, an upgrade no poll saw fail).
 */
public final class PrometheusPolls {

  /** Told what the polls find. */
  public interface Listener {
    /** What the resource sees of its URL's poll changed since it last looked. */
    void changed(CausalGymMonitoring resource);

    /** One poll of one URL ended. */
    void polled(boolean success);
  }

  public static final int BUILDINFO_EVERY = 10;
  static final int STALE_AFTER = 3;

  /**
   * Rule groups named in one request at most: beyond, the query string outgrows what proxies in
   * front of Prometheus take, and every group is streamed past instead.
   */
  static final int MAX_FILTERED_GROUPS = 50;

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusPolls.class);
  private static final String BUILDINFO = "/api/v1/status/buildinfo";

  /**
   * The objectives' budget left and burn rate, of every resource at once (one query per poll, not
   * per resource); only asked where some resource of the URL has objectives.
   */
  static final String SLO_QUERY =
      "/api/v1/query?query="
          + URLEncoder.encode(
              "{__name__=~\"" + SloRules.BUDGET_REMAINING + "|" + SloRules.BURN_RATE_1H + "\"}",
              StandardCharsets.UTF_8);

  /** One series of polls. */
  private record Key(String url, String identity) {}

  /** What one series has found, changed by its own poll task and the timer, one at a time. */
  private static final class Series {
    private volatile PrometheusSnapshot snapshot;
    private PrometheusSnapshot polled;
    private PrometheusAccess access;
    private int pollsSinceRenewal;
    private Instant lastGood;
    private Instant firstFailure;
  }

  private final PollSettings settings;
  private final AccessResolver resolver;
  private final Clock clock;
  private final Supplier<List<CausalGymMonitoring>> resources;
  private final Listener listener;
  private final Map<Key, Series> series = new ConcurrentHashMap<>();
  private final Map<String, PrometheusSnapshot.View> seen = new ConcurrentHashMap<>();

  /**
   * The view each resource was last told of: the timer and a poll may judge the same change at
   * once, and the resource is told once.
   */
  private final Map<String, PrometheusSnapshot.View> told = new ConcurrentHashMap<>();

  private final Set<Key> inFlight = ConcurrentHashMap.newKeySet();
  private volatile ScheduledExecutorService timer;
  private volatile ExecutorService pool;
  private volatile PrometheusExchange exchange;

  /**
   * @param resources every resource to poll for now (those with a URL are)
   * @param clock dates the answers for staleness
   */
  public PrometheusPolls(
      PollSettings settings,
      AccessResolver resolver,
      Clock clock,
      Supplier<List<CausalGymMonitoring>> resources,
      Listener listener) {
    this.settings = settings;
    this.resolver = resolver;
    this.clock = clock;
    this.resources = resources;
    this.listener = listener;
  }

  public synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(threads("prometheus-poll-timer", false));
    pool = Executors.newFixedThreadPool(settings.threads(), threads("prometheus-poll-", true));
    exchange = new PrometheusExchange(settings, timer);
    long millis = settings.interval().toMillis();
    timer.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
  }

  public synchronized void stop() {
    if (timer != null) {
      pool.shutdownNow();
      timer.shutdownNow();
      timer = null;
      pool = null;
    }
  }

  private static ThreadFactory threads(String name, boolean numbered) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, numbered ? name + count.incrementAndGet() : name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * What the resource sees of the last poll of its URL, remembered as reported; empty before a poll
   * that asked for it (the first of its URL, or one started before the resource came), which is
   * then started.
   */
  public Optional<PrometheusSnapshot.View> view(CausalGymMonitoring cr) {
    Key key = key(cr);
    Series current = series.get(key);
    PrometheusSnapshot snapshot = current == null ? null : current.snapshot;
    if (snapshot == null || !snapshot.covers(cr)) {
      submit(key);
      return Optional.empty();
    }
    PrometheusSnapshot.View view = snapshot.view(cr);
    seen.put(id(cr), view);
    return Optional.of(view);
  }

  private Key key(CausalGymMonitoring cr) {
    return new Key(GymPlan.observedUrl(cr).orElseThrow(), resolver.identity(cr));
  }

  private static String id(CausalGymMonitoring cr) {
    return cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
  }

  private Map<Key, List<CausalGymMonitoring>> byKey() {
    return resources.get().stream()
        .filter(cr -> GymPlan.observedUrl(cr).isPresent())
        .collect(Collectors.groupingBy(this::key));
  }

  private void submit(Key key) {
    ExecutorService running = pool;
    if (running != null && inFlight.add(key)) {
      try {
        running.execute(() -> poll(key));
      } catch (RejectedExecutionException stopping) {
        inFlight.remove(key);
      }
    }
  }

  /**
   * Every interval: forgets URLs no longer named, turns series stale, and polls every series that
   * has no poll in flight. Never throws: a scheduled task that throws is never run again.
   */
  private void round() {
    try {
      Map<Key, List<CausalGymMonitoring>> named = byKey();
      series.keySet().retainAll(named.keySet());
      Set<String> ids =
          named.values().stream()
              .flatMap(List::stream)
              .map(PrometheusPolls::id)
              .collect(Collectors.toSet());
      seen.keySet().retainAll(ids);
      told.keySet().retainAll(ids);
      Instant now = clock.instant();
      named.forEach(
          (key, crs) -> {
            Series current = series.get(key);
            if (current != null) {
              synchronized (current) {
                current.snapshot = judged(current, now);
              }
              tell(current, crs);
            }
            submit(key);
          });
    } catch (Throwable t) {
      LOG.error("A round of Prometheus polls failed", t);
    }
  }

  /** One poll of one series, on the pool. Never throws, whatever it meets. */
  private void poll(Key key) {
    boolean stopping = false;
    try {
      List<CausalGymMonitoring> crs = byKey().getOrDefault(key, List.of());
      if (crs.isEmpty()) {
        return;
      }
      Series current = series.computeIfAbsent(key, k -> new Series());
      PrometheusSnapshot snapshot;
      try {
        snapshot = fetch(key, current, crs);
      } catch (InterruptedException e) {
        stopping = true;
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        // An Error (out of memory, stack overflow) or a bug: this series' resources see it, the
        // others' polls go on. Logged without the exchange's headers or body, which it never holds.
        LOG.error("Polling Prometheus {} failed inside the operator", key.url(), t);
        snapshot =
            PrometheusSnapshot.failed(
                new Failure(
                    ObservedReason.PrometheusUnreachable,
                    "the poll failed inside the operator: " + t.getClass().getSimpleName()),
                known(current));
      }
      listener.polled(snapshot.failure().isEmpty());
      synchronized (current) {
        Instant now = clock.instant();
        current.polled = snapshot;
        if (snapshot.failure().isEmpty()) {
          current.lastGood = now;
          current.firstFailure = null;
        } else if (current.firstFailure == null) {
          current.firstFailure = now;
        }
        current.snapshot = judged(current, now);
      }
      tell(current, crs);
    } catch (Throwable t) {
      LOG.error("Polling Prometheus {} failed", key.url(), t);
    } finally {
      inFlight.remove(key);
      if (!stopping) {
        again(key);
      }
    }
  }

  /** Polls again at once where a resource came while the poll was under way. */
  private void again(Key key) {
    try {
      Series current = series.get(key);
      PrometheusSnapshot snapshot = current == null ? null : current.snapshot;
      if (snapshot != null
          && byKey().getOrDefault(key, List.of()).stream().anyMatch(cr -> !snapshot.covers(cr))) {
        submit(key);
      }
    } catch (Throwable t) {
      LOG.error("Polling Prometheus {} again failed", key.url(), t);
    }
  }

  /**
   * What the series' resources see now: the last poll, or Stale once no good answer came for
   * {@value #STALE_AFTER} intervals, dated by the last good answer (or the first failure where
   * there was none) so that it stays the same while the URL keeps failing the same way, and naming
   * the last poll's failure in full: Stale hides the reason it replaces.
   */
  private PrometheusSnapshot judged(Series current, Instant now) {
    PrometheusSnapshot polled = current.polled;
    Instant since = current.lastGood != null ? current.lastGood : current.firstFailure;
    if (polled == null
        || since == null
        || now.isBefore(since.plus(settings.interval().multipliedBy(STALE_AFTER)))) {
      return polled;
    }
    String last =
        polled
            .failure()
            .map(f -> "the last poll ended in " + f.reason() + ": " + f.message())
            .orElse("a poll is under way");
    return PrometheusSnapshot.failed(
        new Failure(
            ObservedReason.Stale,
            (current.lastGood == null
                    ? "has given no good answer since its first failure at "
                    : "has given no good answer since ")
                + since.truncatedTo(ChronoUnit.SECONDS)
                + "; "
                + last),
        polled.version());
  }

  /** Reconciles the resources whose view changed; one that came after the poll started waits. */
  private void tell(Series current, List<CausalGymMonitoring> crs) {
    PrometheusSnapshot snapshot = current.snapshot;
    if (snapshot == null) {
      return;
    }
    for (CausalGymMonitoring cr : crs) {
      if (!snapshot.covers(cr)) {
        continue;
      }
      PrometheusSnapshot.View view = snapshot.view(cr);
      if (!view.equals(seen.get(id(cr))) && !view.equals(told.put(id(cr), view))) {
        listener.changed(cr);
      }
    }
  }

  private static Optional<String> known(Series current) {
    PrometheusSnapshot previous = current.polled;
    return previous == null ? Optional.empty() : previous.version();
  }

  private PrometheusSnapshot fetch(Key key, Series current, List<CausalGymMonitoring> crs)
      throws InterruptedException {
    Optional<String> known = known(current);
    URI url;
    try {
      url = URI.create(key.url());
    } catch (IllegalArgumentException e) {
      return failed(ObservedReason.PrometheusUnreachable, "not a URL", known);
    }
    Optional<String> refusal = settings.urlPolicy().refusal(url);
    if (refusal.isPresent()) {
      return failed(ObservedReason.URLNotAllowed, refusal.get(), known);
    }
    PrometheusSnapshot previous = current.polled;
    boolean renew =
        previous == null
            || previous.failure().isPresent()
            || current.access == null
            || ++current.pollsSinceRenewal >= BUILDINFO_EVERY;
    if (renew) {
      current.pollsSinceRenewal = 0;
      try {
        current.access = resolver.resolve(crs.get(0));
      } catch (AccessResolver.AccessUnavailable e) {
        current.access = null;
        return failed(ObservedReason.CredentialsUnavailable, e.getMessage(), known);
      }
    }
    PrometheusAccess access = current.access;
    Set<Job> jobs = crs.stream().map(Job::of).collect(Collectors.toSet());
    Set<String> groups =
        crs.stream().map(PrometheusRuleModel::groupName).collect(Collectors.toSet());
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    try {
      // state=active (web/api/v1/api.go since v2.15.0) leaves out the dropped targets. No
      // scrapePool (since v2.42.0): a resource's pool is "serviceMonitor/<ns>/<name>/0" behind the
      // prometheus-operator and its job name in a plain scrape config, and which one a URL serves
      // is
      // not known; the targets are filtered as they stream instead.
      var targets =
          exchange.get(
              url,
              "/api/v1/targets?state=active",
              access,
              deadline,
              body -> PrometheusAnswers.targets(body, jobs));
      var rules =
          exchange.get(
              url,
              rulesQuery(groups),
              access,
              deadline,
              body -> PrometheusAnswers.rules(body, groups));
      Set<Job> withSlos =
          crs.stream()
              .filter(cr -> !cr.getSpec().slos.isEmpty())
              .map(Job::of)
              .collect(Collectors.toSet());
      Map<Job, Map<String, PrometheusSnapshot.SloReading>> slos =
          withSlos.isEmpty()
              ? Map.of()
              : exchange.get(
                  url, SLO_QUERY, access, deadline, body -> PrometheusAnswers.slos(body, withSlos));
      Optional<String> version = known;
      if (renew) {
        version = buildinfo(url, access, deadline);
      }
      return PrometheusSnapshot.answered(jobs, groups, targets, rules, slos, version);
    } catch (PrometheusExchange.Failed e) {
      return PrometheusSnapshot.failed(e.failure(), known);
    }
  }

  /**
   * Only the wanted groups, without each rule's active alerts: rule_group[] is honoured since
   * v2.44.0 and exclude_alerts since v2.49.0 (web/api/v1/api.go); older servers ignore both and
   * send everything, which {@link PrometheusAnswers#rules} skips as it streams. All rule types are
   * asked for (no type=alert): a group's rules are counted whatever their type.
   */
  static String rulesQuery(Set<String> groups) {
    StringBuilder query = new StringBuilder("/api/v1/rules?exclude_alerts=true");
    if (groups.size() <= MAX_FILTERED_GROUPS) {
      groups.stream()
          .sorted()
          .forEach(
              group ->
                  query
                      .append("&rule_group%5B%5D=")
                      .append(URLEncoder.encode(group, StandardCharsets.UTF_8)));
    }
    return query.toString();
  }

  /**
   * The version the Prometheus reports; empty where it answers none (a proxy or a Prometheus-like
   * server without the endpoint): its rules are then checked for the fallback target. Only the
   * deadline, which bounds the whole poll, fails the poll.
   */
  private Optional<String> buildinfo(URI url, PrometheusAccess access, long deadline)
      throws PrometheusExchange.Failed, InterruptedException {
    try {
      return exchange.get(url, BUILDINFO, access, deadline, PrometheusAnswers::version);
    } catch (PrometheusExchange.Failed e) {
      if (e.failure().reason() == ObservedReason.PrometheusTimeout) {
        throw e;
      }
      LOG.debug("No version from {}: {}", url, e.getMessage());
      return Optional.empty();
    }
  }

  private static PrometheusSnapshot failed(
      ObservedReason reason, String message, Optional<String> known) {
    return PrometheusSnapshot.failed(new Failure(reason, message), known);
  }
}
