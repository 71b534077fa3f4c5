package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.status.ConditionReason;
import org.causalgym.operator.status.ConditionType;
import org.junit.jupiter.api.Test;

/** The gauges count resources by every reason the condition enums declare, and no other value. */
class OperatorMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<CausalGymMonitoring> primaries = new CopyOnWriteArrayList<>();

  @Test
  void everyReasonOfEveryConditionTypeHasItsSeriesFromTheStart() {
    new OperatorMetrics(registry);
    for (ConditionType type : ConditionType.values()) {
      OperatorMetrics.ReasonGauge gauge = OperatorMetrics.gauge(type);
      assertThat(type.reasons()).extracting(ConditionReason::name).doesNotContain(gauge.absent());
      assertThat(registry.find(gauge.name()).gauges())
          .as(type.name())
          .map(g -> g.getId().getTag(gauge.tag()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(
                      type.reasons().stream().map(ConditionReason::name), Stream.of(gauge.absent()))
                  .toList());
    }
  }

  @Test
  void aResourceIsCountedUnderTheReasonOfEachOfItsConditions() {
    OperatorMetrics metrics = new OperatorMetrics(registry);
    metrics.observe(cache());
    for (ConditionType type : ConditionType.values()) {
      OperatorMetrics.ReasonGauge gauge = OperatorMetrics.gauge(type);
      for (ConditionReason reason : type.reasons()) {
        primaries.clear();
        primaries.add(resource(type, reason));
        assertThat(value(gauge, reason.name())).as(type + " " + reason).isEqualTo(1.0);
        assertThat(value(gauge, gauge.absent())).as(type + " " + reason).isZero();
      }
      primaries.clear();
      primaries.add(new CausalGymMonitoring());
      assertThat(value(gauge, gauge.absent())).as(type + " without status").isEqualTo(1.0);
    }
  }

  private double value(OperatorMetrics.ReasonGauge gauge, String reason) {
    Gauge found = registry.find(gauge.name()).tag(gauge.tag(), reason).gauge();
    assertThat(found).as(gauge.name() + " " + reason).isNotNull();
    return found.value();
  }

  private static CausalGymMonitoring resource(ConditionType type, ConditionReason reason) {
    CausalGymMonitoring cr = new CausalGymMonitoring();
    cr.setMetadata(new ObjectMetaBuilder().withName("gym").withNamespace("lab").build());
    CausalGymMonitoringStatus status = new CausalGymMonitoringStatus();
    status.conditions.add(
        new ConditionBuilder()
            .withType(type.name())
            .withStatus("False")
            .withReason(reason.name())
            .build());
    cr.setStatus(status);
    return cr;
  }

  /** The informer cache as the gauges read it: a list of the primaries. */
  private IndexedResourceCache<CausalGymMonitoring> cache() {
    return new IndexedResourceCache<>() {
      @Override
      public List<CausalGymMonitoring> byIndex(String indexName, String indexKey) {
        return List.of();
      }

      @Override
      public Stream<CausalGymMonitoring> list(
          String namespace, Predicate<CausalGymMonitoring> predicate) {
        return list(predicate);
      }

      @Override
      public Optional<CausalGymMonitoring> get(ResourceID resourceID) {
        return Optional.empty();
      }

      @Override
      public Stream<ResourceID> keys() {
        return Stream.empty();
      }

      @Override
      public Stream<CausalGymMonitoring> list(Predicate<CausalGymMonitoring> predicate) {
        return primaries.stream().filter(predicate);
      }
    };
  }
}
