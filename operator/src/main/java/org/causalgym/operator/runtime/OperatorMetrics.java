package org.causalgym.operator.runtime;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.status.ConditionReason;
import org.causalgym.operator.status.ConditionType;

/**
 * The operator's own meters, on top of JOSDK's. Every tag takes a fixed, small set of values, so
 * the series count does not grow with the number of managed resources.
 */
public final class OperatorMetrics {

  private final MeterRegistry registry;
  private final AtomicReference<IndexedResourceCache<CausalGymMonitoring>> primaries =
      new AtomicReference<>();

  private final Counter invalidSpecs;
  private final Counter admissions;
  private final Counter desiredBuilds;
  private final Counter pollsSucceeded;
  private final Counter pollsFailed;
  private final Map<String, Counter> driftCorrections = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (ConditionType type : ConditionType.values()) {
      ReasonGauge gauge = gauge(type);
      Stream.concat(type.reasons().stream().map(ConditionReason::name), Stream.of(gauge.absent()))
          .forEach(
              reason ->
                  Gauge.builder(gauge.name(), () -> count(type, gauge.absent(), reason))
                      .description(gauge.description())
                      .tag(gauge.tag(), reason)
                      .register(registry));
    }
    pollsSucceeded = polls(registry, "success");
    pollsFailed = polls(registry, "failure");
    invalidSpecs =
        Counter.builder("causalgym_invalid_specs")
            .description("Reconciles that found an invalid spec and applied nothing")
            .register(registry);
    admissions =
        Counter.builder("causalgym_admissions")
            .description(
                "Specs admitted in full (schema, CEL, PromQL, templates): once per resource"
                    + " generation and Prometheus target, not once per reconcile")
            .register(registry);
    desiredBuilds =
        Counter.builder("causalgym_desired_objects_built")
            .description(
                "Owned objects' desired states built to create or compare: not for an object"
                    + " unchanged since it matched the same spec")
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

  /** A spec was admitted in full, not taken from what its generation was admitted as before. */
  public void admitted() {
    admissions.increment();
  }

  /** An owned object's desired state was built. */
  public void desiredBuilt() {
    desiredBuilds.increment();
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

  /**
   * The gauge that counts resources by the reason of a condition of the type. Its tag takes each
   * reason of the type, and absent where a resource has no such condition.
   */
  record ReasonGauge(String name, String tag, String absent, String description) {}

  /** By type, without a default: a new condition type does not compile until it has its gauge. */
  static ReasonGauge gauge(ConditionType type) {
    return switch (type) {
      case Ready ->
          new ReasonGauge(
              "causalgym_managed_resources",
              "state",
              "Pending",
              "CausalGymMonitoring resources by the reason of their Ready condition");
      case Available ->
          new ReasonGauge(
              "causalgym_available_resources",
              "reason",
              "None",
              "CausalGymMonitoring resources by the reason of their Available condition: whether"
                  + " the gym's Deployment has its replicas");
      case Selected ->
          new ReasonGauge(
              "causalgym_selected_resources",
              "reason",
              "None",
              "CausalGymMonitoring resources by the reason of their Selected condition: whether a"
                  + " Prometheus selects their objects; None where it does not apply");
      case Observed ->
          new ReasonGauge(
              "causalgym_observed_resources",
              "reason",
              "None",
              "CausalGymMonitoring resources by the reason of their Observed condition: what"
                  + " the Prometheus of spec.prometheus.url reports");
      case StackReady ->
          new ReasonGauge(
              "causalgym_stack_resources",
              "reason",
              "None",
              "CausalGymMonitoring resources by the reason of their StackReady condition: whether"
                  + " the managed stack's workloads are available; None without a managed stack");
      case ErrorBudget ->
          new ReasonGauge(
              "causalgym_error_budget_resources",
              "reason",
              "None",
              "CausalGymMonitoring resources by the reason of their ErrorBudget condition: whether"
                  + " every objective has budget left; None without objectives or a Prometheus");
    };
  }

  private double count(ConditionType type, String absent, String reason) {
    IndexedResourceCache<CausalGymMonitoring> cache = primaries.get();
    if (cache == null) {
      return 0;
    }
    return cache.list().filter(cr -> reason.equals(reason(cr, type, absent))).count();
  }

  private static String reason(CausalGymMonitoring cr, ConditionType type, String absent) {
    if (cr.getStatus() == null) {
      return absent;
    }
    return cr.getStatus().conditions.stream()
        .filter(c -> type.name().equals(c.getType()))
        .map(c -> c.getReason())
        .findFirst()
        .orElse(absent);
  }
}
