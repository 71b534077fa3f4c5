package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.desired.JsonMapping;
import org.causalgym.operator.desired.Sha256;
import org.causalgym.operator.promql.PrometheusTarget;

/**
 * The admission of each resource's spec, kept per uid while its generation, its spec and the
 * Prometheus releases its rules are checked for stay the same. A status write, a poll or an owned
 * object's event reconciles a resource again; the full admission (JSON schema, CEL, PromQL and
 * templates) runs once per change instead. The spec is compared by a digest as well as by the
 * generation, so an API that does not bump the generation (a test double) cannot serve a stale
 * admission.
 */
final class AdmissionCache {

  private static final ObjectMapper JSON = JsonMapping.JSON;

  /**
   * One admission of a resource's spec: the same instance for as long as the cache keeps it, which
   * {@link InSyncObjects} relies on.
   */
  static final class Admission {
    private final List<SpecViolation> violations;

    /**
     * The spec as admitted where it differs from the spec as stored; null where they are the same,
     * as an API server that applies the CRD's defaults stores it: the primary cache holds that spec
     * already, and each resource's second copy was some 2.5 KB.
     */
    private final CausalGymMonitoringSpec admittedSpec;

    private Admission(List<SpecViolation> violations, CausalGymMonitoringSpec admittedSpec) {
      this.violations = violations;
      this.admittedSpec = admittedSpec;
    }

    /** Every violation, by field; empty when the resource may be applied. */
    List<SpecViolation> violations() {
      return violations;
    }

    /**
     * The spec the objects are built from: the admitted one (nulls pruned, defaults set).
     *
     * @param resource the resource this admission was found for, its spec unchanged since
     */
    CausalGymMonitoringSpec spec(CausalGymMonitoring resource) {
      if (!violations.isEmpty()) {
        throw new IllegalStateException("a spec with violations has no admitted form");
      }
      return admittedSpec != null ? admittedSpec : resource.getSpec();
    }
  }

  private record Entry(
      Long generation, long specDigest, PrometheusTarget target, Admission result) {}

  private final PerResource<Entry> entries = new PerResource<>();
  private final Runnable admitted;

  /**
   * @param admitted told of each admission that ran in full
   */
  AdmissionCache(Runnable admitted) {
    this.admitted = admitted;
  }

  /**
   * The admission of the resource for the target: kept, or run now.
   *
   * @param live the uids of the resources that exist, read only when the cache has outgrown them
   */
  Admission check(
      CausalGymMonitoring resource, PrometheusTarget target, Supplier<Set<String>> live) {
    String uid = resource.getMetadata().getUid();
    Long generation = resource.getMetadata().getGeneration();
    byte[] spec = json(resource.getSpec());
    long digest = ByteBuffer.wrap(Sha256.of(spec)).getLong();
    Entry kept = entries.get(uid);
    if (kept != null
        && Objects.equals(kept.generation(), generation)
        && kept.specDigest() == digest
        && kept.target().equals(target)) {
      return kept.result();
    }
    SpecValidator.Validated checked = SpecValidator.check(resource, target);
    admitted.run();
    CausalGymMonitoringSpec admittedSpec = null;
    if (checked.admitted() != null && !Arrays.equals(json(checked.admitted().getSpec()), spec)) {
      admittedSpec = checked.admitted().getSpec();
    }
    Admission result = new Admission(checked.violations(), admittedSpec);
    entries.put(uid, new Entry(generation, digest, target, result), live);
    return result;
  }

  /** The spec as JSON, as the digest and the comparison with the admitted spec read it. */
  private static byte[] json(CausalGymMonitoringSpec spec) {
    try {
      return JSON.writeValueAsBytes(spec);
    } catch (JsonProcessingException e) {
      // A spec read from JSON writes back.
      throw new IllegalStateException(e);
    }
  }
}
