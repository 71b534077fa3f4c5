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
  private final Counter invalidSpecs;
  private final Map<String, Counter> driftCorrections = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String state : STATES) {
      Gauge.builder("causalgym_managed_resources", () -> count(state))
          .description("CausalGymMonitoring resources by the reason of their Ready condition")
          .tag("state", state)
          .register(registry);
    }
    invalidSpecs =
        Counter.builder("causalgym_invalid_specs")
            .description("Reconciles that found an invalid spec and applied nothing")
            .register(registry);
  }

  /** The informer cache of the primaries, which the gauges count from; set on first reconcile. */
  public void observe(IndexedResourceCache<CausalGymMonitoring> cache) {
    primaries.compareAndSet(null, cache);
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

  private double count(String state) {
    IndexedResourceCache<CausalGymMonitoring> cache = primaries.get();
    if (cache == null) {
      return 0;
    }
    return cache.list().filter(cr -> state.equals(readyReason(cr))).count();
  }

  private static String readyReason(CausalGymMonitoring cr) {
    if (cr.getStatus() == null) {
      return "Pending";
    }
    return cr.getStatus().conditions.stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getReason())
        .findFirst()
        .orElse("Pending");
  }
}
