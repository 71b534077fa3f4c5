package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
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

  private record Entry(
      Long generation, long specDigest, PrometheusTarget target, SpecValidator.Validated result) {}

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
  SpecValidator.Validated check(
      CausalGymMonitoring resource, PrometheusTarget target, Supplier<Set<String>> live) {
    String uid = resource.getMetadata().getUid();
    Long generation = resource.getMetadata().getGeneration();
    long digest = digest(resource);
    Entry kept = entries.get(uid);
    if (kept != null
        && Objects.equals(kept.generation(), generation)
        && kept.specDigest() == digest
        && kept.target().equals(target)) {
      return kept.result();
    }
    SpecValidator.Validated checked = SpecValidator.check(resource, target);
    admitted.run();
    // Only the admitted spec is kept, not a second copy of the resource's metadata and status.
    CausalGymMonitoring spec = null;
    if (checked.admitted() != null) {
      spec = new CausalGymMonitoring();
      spec.setSpec(checked.admitted().getSpec());
    }
    SpecValidator.Validated result = new SpecValidator.Validated(checked.violations(), spec);
    entries.put(uid, new Entry(generation, digest, target, result), live);
    return result;
  }

  /** The first 64 bits of the SHA-256 of the spec as JSON. */
  private static long digest(CausalGymMonitoring resource) {
    try {
      byte[] json = Serialization.jsonMapper().writeValueAsBytes(resource.getSpec());
      return ByteBuffer.wrap(Sha256.of(json)).getLong();
    } catch (JsonProcessingException e) {
      // A spec read from JSON writes back.
      throw new IllegalStateException(e);
    }
  }
}
