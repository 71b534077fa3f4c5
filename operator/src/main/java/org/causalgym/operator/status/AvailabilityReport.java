package org.causalgym.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Available condition: whether the gym itself is up, from its Deployment as the Deployment
 * controller reports it (available against desired replicas, and its own conditions).
 */
public final class AvailabilityReport {

  private AvailabilityReport() {}

  /**
   * @param deployment the gym's Deployment as the cluster holds it, if it exists
   */
  public static ConditionVerdict<AvailableReason> of(Optional<Deployment> deployment) {
    if (deployment.isEmpty()) {
      return ConditionVerdict.unknown(
          AvailableReason.NoDeployment, "The gym's Deployment does not exist yet");
    }
    Deployment found = deployment.get();
    int desired = Objects.requireNonNullElse(found.getSpec().getReplicas(), 1);
    DeploymentStatus status =
        Objects.requireNonNullElseGet(found.getStatus(), DeploymentStatus::new);
    int available = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    String counts = available + " of " + desired + " replicas available";
    if (desired == 0) {
      return ConditionVerdict.fails(
          AvailableReason.ScaledToZero, "The Deployment is scaled to 0 replicas");
    }
    List<DeploymentCondition> conditions =
        Objects.requireNonNullElse(status.getConditions(), List.of());
    Optional<DeploymentCondition> stuck =
        conditions.stream()
            .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
            .findFirst();
    if (stuck.isPresent()) {
      return ConditionVerdict.fails(
          AvailableReason.ProgressDeadlineExceeded,
          counts + "; the rollout is stuck: " + Objects.toString(stuck.get().getMessage(), ""));
    }
    // The Deployment controller's own condition type (apps/v1), not this resource's Available.
    Optional<DeploymentCondition> unavailable =
        conditions.stream()
            .filter(c -> "Available".equals(c.getType()) && !"True".equals(c.getStatus()))
            .findFirst();
    if (available < desired || unavailable.isPresent()) {
      return ConditionVerdict.fails(
          AvailableReason.ReplicasUnavailable,
          counts + unavailable.map(c -> "; " + Objects.toString(c.getMessage(), "")).orElse(""));
    }
    return ConditionVerdict.holds(AvailableReason.ReplicasAvailable, counts);
  }
}
