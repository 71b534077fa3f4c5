package org.causalgym.operator.runtime;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ReadyReason;
import org.causalgym.operator.model.ObservedReport;

/**
 * The operator's own meters, on top of JOSDK's. Every tag takes a fixed, small set of values, so
 * the series count does not grow with the number of managed resources.
 */
public final class OperatorMetrics {

  /** The Ready reasons a managed resource can be in; "Pending" before its first status. */
  public static final List<String> STATES =
      Stream.concat(Stream.of(ReadyReason.values()).map(ReadyReason::name), Stream.of("Pending"))
          .toList();

  private final MeterRegistry registry;
  private final AtomicReference<IndexedResourceCache<CausalGymMonitoring>> primaries =
      new AtomicReference<>();

  /** The reasons of the Observed condition; "None" where spec.prometheus.url is not set. */
  public static final List<String> OBSERVED_REASONS =
      List.of(
          "None",
          ObservedReport.PENDING,
          ObservedReport.SCRAPED,
          ObservedReport.PROMETHEUS_UNREACHABLE,
          ObservedReport.NO_TARGETS,
          ObservedReport.TARGETS_DOWN,
          ObservedReport.RULES_NOT_LOADED,
          ObservedReport.RULE_UNHEALTHY);

  private final Counter invalidSpecs;
  private final Counter pollsSucceeded;
  private final Counter pollsFailed;
  private final Map<String, Counter> driftCorrections = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String state : STATES) {
      Gauge.builder("causalgym_managed_resources", () -> count("Ready", state))
          .description("CausalGymMonitoring resources by the reason of their Ready condition")
          .tag("state", state)
          .register(registry);
    }
    for (String reason : OBSERVED_REASONS) {
      Gauge.builder("causalgym_observed_resources", () -> count("Observed", reason))
          .description(
              "CausalGymMonitoring resources by the reason of their Observed condition: what"
                  + " the Prometheus of spec.prometheus.url reports")
          .tag("reason", reason)
          .register(registry);
    }
    pollsSucceeded = polls(registry, "success");
    pollsFailed = polls(registry, "failure");
    invalidSpecs =
        Counter.builder("causalgym_invalid_specs")
            .description("Reconciles that found an invalid spec and applied nothing")
            .register(registry);
  }

  /** The informer cache of the primaries, which the gauges count from; set on first reconcile. */
  public void observe(IndexedResourceCache<CausalGymMonitoring> cache) {
    primaries.compareAndSet(null, cache);
  }

  private static Counter polls(MeterRegistry registry, String outcome) {
    return Counter.builder("causalgym_prometheus_polls")
        .description("Polls of the HTTP API of the Prometheus servers resources name")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** One poll of one Prometheus URL, shared by the resources naming it. */
  public void prometheusPolled(boolean success) {
    (success ? pollsSucceeded : pollsFailed).increment();
  }

  public void invalidSpec() {
    invalidSpecs.increment();
  }

  /** An owned object was created or changed back although its resource's spec had not changed. */
  public void driftCorrected(String kind) {
    driftCorrections
        .computeIfAbsent(
            kind,
            k ->
                Counter.builder("causalgym_drift_corrections")
                    .description("Owned objects recreated or changed back to their desired state")
                    .tag("kind", k)
                    .register(registry))
        .increment();
  }

  private double count(String type, String reason) {
    IndexedResourceCache<CausalGymMonitoring> cache = primaries.get();
    if (cache == null) {
      return 0;
    }
    String absent = "Ready".equals(type) ? "Pending" : "None";
    return cache.list().filter(cr -> reason.equals(reason(cr, type, absent))).count();
  }

  private static String reason(CausalGymMonitoring cr, String type, String absent) {
    if (cr.getStatus() == null) {
      return absent;
    }
    return cr.getStatus().conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getReason())
        .findFirst()
        .orElse(absent);
  }
}
