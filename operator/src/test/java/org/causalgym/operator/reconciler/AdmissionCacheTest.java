package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * The admission kept per resource: one instance per spec, generation and target, and no second copy
 * of a spec that the API server already stores as admitted.
 */
class AdmissionCacheTest {

  private static final Supplier<Set<String>> LIVE = () -> Set.of("uid-1");

  private final AtomicInteger runs = new AtomicInteger();
  private final AdmissionCache cache = new AdmissionCache(runs::incrementAndGet);

  /** The sample as read from the API with CRD defaults applied, as SpecValidator admits it. */
  private static CausalGymMonitoring stored() {
    CausalGymMonitoring stored =
        SpecValidator.check(Repository.resource(Repository.samples().resolve("minimal.yaml")))
            .admitted();
    stored.getMetadata().setUid("uid-1");
    stored.getMetadata().setGeneration(1L);
    return stored;
  }

  @Test
  void aSpecStoredAsAdmittedIsBuiltFromTheResourceItself() {
    CausalGymMonitoring stored = stored();
    AdmissionCache.Admission admission = cache.check(stored, PrometheusTarget.allSupported(), LIVE);
    assertThat(admission.violations()).isEmpty();
    assertThat(admission.spec(stored)).isSameAs(stored.getSpec());

    // The next reconcile's own copy of the same resource: the same admission, not run again.
    CausalGymMonitoring again = stored();
    assertThat(cache.check(again, PrometheusTarget.allSupported(), LIVE)).isSameAs(admission);
    assertThat(admission.spec(again)).isSameAs(again.getSpec());
    assertThat(runs).hasValue(1);
  }

  @Test
  void aSpecStoredWithoutDefaultsIsBuiltFromTheAdmittedOne() {
    CausalGymMonitoring raw = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    raw.getMetadata().setUid("uid-1");
    raw.getMetadata().setGeneration(1L);
    // As an API without the CRD's defaults stores a spec that leaves the severity out.
    raw.getSpec().alerts.highErrorRate.severity = null;

    AdmissionCache.Admission admission = cache.check(raw, PrometheusTarget.allSupported(), LIVE);
    assertThat(admission.spec(raw)).isNotSameAs(raw.getSpec());
    assertThat(admission.spec(raw).alerts.highErrorRate.severity).isEqualTo("warning");
    assertThat(raw.getSpec().alerts.highErrorRate.severity).isNull();
  }

  @Test
  void aChangedSpecIsAdmittedAgainAndAnInvalidOneHasNoSpec() {
    CausalGymMonitoring stored = stored();
    AdmissionCache.Admission first = cache.check(stored, PrometheusTarget.allSupported(), LIVE);
    // An API that does not bump the generation: the digest still tells the change.
    stored.getSpec().alerts.highErrorRate.threshold = -1.0;
    AdmissionCache.Admission second = cache.check(stored, PrometheusTarget.allSupported(), LIVE);
    assertThat(second).isNotSameAs(first);
    assertThat(second.violations())
        .extracting(violation -> violation.field())
        .contains("spec.alerts.highErrorRate.threshold");
    assertThatThrownBy(() -> second.spec(stored)).isInstanceOf(IllegalStateException.class);
    assertThat(runs).hasValue(2);
  }
}
