package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackStorageSpec;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.status.Obstacle;
import org.causalgym.operator.status.ReadyReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the managed Prometheus' volume claim follow {@code spec.stack.prometheus.storage}. The
 * StatefulSet's claim template cannot change in place (the StatefulSet is replaced, keeping its
 * claim), and the StatefulSet controller never resizes an existing claim: a larger size is patched
 * into the claim, which the API server allows only where the StorageClass allows expansion
 * (kubernetes v1.32 plugin/pkg/admission/storage/persistentvolume/resize/admission.go). A smaller
 * size or another class cannot be had without a new volume (pkg/apis/core/validation/validation.go
 * ValidatePersistentVolumeClaimUpdate: the request may not shrink, the rest of the spec is
 * immutable): that is reported with the steps to take, never attempted.
 */
final class PrometheusVolumeClaim {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusVolumeClaim.class);

  private static final String STORAGE = "storage";

  private PrometheusVolumeClaim() {}

  /** Expands the claim where the spec asks for more; what cannot be done, as an obstacle. */
  static Optional<Obstacle> follow(KubernetesClient client, GymPlan plan) {
    if (!plan.modes().persistentPrometheus()) {
      return Optional.empty();
    }
    CausalGymMonitoring cr = plan.resource();
    String namespace = plan.names().namespace();
    String name = plan.names().stackPrometheusClaim();
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    if (claim == null || claim.getSpec() == null) {
      // The StatefulSet controller creates it from the template, at the size the spec says.
      return Optional.empty();
    }
    StackStorageSpec storage = cr.getSpec().stack.prometheus.storage;
    String startOver =
        " To start over on a new, empty volume (the samples are lost): kubectl -n "
            + namespace
            + " delete pvc "
            + name
            + " && kubectl -n "
            + namespace
            + " delete pod "
            + plan.names().stackPrometheusPod();
    String className = claim.getSpec().getStorageClassName();
    if (!storage.storageClassName.isEmpty() && !storage.storageClassName.equals(className)) {
      return refused(
          "PersistentVolumeClaim "
              + name
              + " keeps storage class "
              + className
              + ": the class of a claim cannot change. Set spec.stack.prometheus.storage"
              + ".storageClassName back to "
              + className
              + "."
              + startOver);
    }
    Quantity held =
        Optional.ofNullable(claim.getSpec().getResources())
            .map(r -> r.getRequests())
            .map(r -> r.get(STORAGE))
            .orElse(null);
    if (held == null) {
      return Optional.empty();
    }
    int comparison =
        new Quantity(storage.size).getNumericalAmount().compareTo(held.getNumericalAmount());
    if (comparison < 0) {
      return refused(
          "PersistentVolumeClaim "
              + name
              + " holds "
              + held
              + " and a claim cannot shrink to "
              + storage.size
              + ". Set spec.stack.prometheus.storage.size to "
              + held
              + " or more."
              + startOver);
    }
    if (comparison == 0) {
      return Optional.empty();
    }
    try {
      client
          .persistentVolumeClaims()
          .inNamespace(namespace)
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(
                  Map.of(
                      "spec",
                      Map.of("resources", Map.of("requests", Map.of(STORAGE, storage.size))))));
      LOG.info("Expanded PersistentVolumeClaim {} from {} to {}", name, held, storage.size);
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 422) {
        throw e;
      }
      return refused(
          "the API server refused to expand PersistentVolumeClaim "
              + name
              + " from "
              + held
              + " to "
              + storage.size
              + " ("
              + e.getCode()
              + " "
              + Optional.ofNullable(e.getStatus()).map(s -> s.getReason()).orElse("")
              + "): its StorageClass "
              + (className == null ? "(the default)" : className)
              + " must allow volume expansion (allowVolumeExpansion: true). Set"
              + " spec.stack.prometheus.storage.size back to "
              + held
              + "."
              + startOver);
    }
  }

  private static Optional<Obstacle> refused(String message) {
    return Optional.of(new Obstacle(null, ReadyReason.Refused, message));
  }
}
