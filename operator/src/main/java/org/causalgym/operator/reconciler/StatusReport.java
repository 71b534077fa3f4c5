package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.api.ManagedResourceStatus;
import org.causalgym.operator.api.ManagedResourceStatus.State;
import org.causalgym.operator.model.OwnedObject;
import org.causalgym.operator.model.PrometheusRuleModel;
import org.causalgym.operator.model.SpecViolation;

/** Builds the status the resource should show after a reconcile, from what the reconcile did. */
public final class StatusReport {

  public static final String READY = "Ready";
  public static final String RECONCILED = "Reconciled";
  public static final String PROMETHEUS_OPERATOR_MISSING = "PrometheusOperatorMissing";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String RECONCILE_FAILED = "ReconcileFailed";

  private StatusReport() {}

  /** Every object applied, or the monitoring.coreos.com ones skipped for the reason given. */
  public static CausalGymMonitoringStatus reconciled(
      CausalGymMonitoring cr, Optional<String> prometheusOperatorUnavailable, Instant now) {
    List<ManagedResourceStatus> resources = new ArrayList<>();
    for (OwnedObject owned : OwnedObject.values()) {
      String name = owned.desired(cr).getMetadata().getName();
      boolean skipped =
          owned.needsPrometheusOperator() && prometheusOperatorUnavailable.isPresent();
      resources.add(
          new ManagedResourceStatus(
              owned.kind(),
              name,
              skipped ? State.Skipped : State.Applied,
              skipped ? prometheusOperatorUnavailable.get() : null));
    }
    int alertRules =
        prometheusOperatorUnavailable.isPresent() ? 0 : PrometheusRuleModel.rules(cr).size();
    String applied = describe(resources, State.Applied);
    CausalGymMonitoringStatus status = next(cr);
    status.resources = resources;
    status.alertRules = alertRules;
    if (prometheusOperatorUnavailable.isPresent()) {
      setReady(
          status,
          cr,
          false,
          PROMETHEUS_OPERATOR_MISSING,
          "Applied "
              + applied
              + "; skipped "
              + describe(resources, State.Skipped)
              + ": "
              + prometheusOperatorUnavailable.get(),
          now);
    } else {
      setReady(
          status,
          cr,
          true,
          RECONCILED,
          "Applied " + applied + " with " + alertRules + " alert rules",
          now);
    }
    return status;
  }

  /**
   * The spec cannot be applied: nothing was written, so the objects and counts of the last good
   * spec stay as they were.
   */
  public static CausalGymMonitoringStatus invalid(
      CausalGymMonitoring cr, List<SpecViolation> violations, Instant now) {
    CausalGymMonitoringStatus status = next(cr);
    String message =
        "Invalid spec, nothing was changed: "
            + violations.stream().map(SpecViolation::toString).collect(Collectors.joining("; "));
    setReady(status, cr, false, INVALID_SPEC, message, now);
    return status;
  }

  /** The API refused a write or could not be reached; JOSDK retries with back-off. */
  public static CausalGymMonitoringStatus failed(
      CausalGymMonitoring cr, Exception error, Instant now) {
    CausalGymMonitoringStatus status = next(cr);
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    setReady(
        status,
        cr,
        false,
        RECONCILE_FAILED,
        "Reconcile failed, retrying: "
            + Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName()),
        now);
    return status;
  }

  /** Whether writing status would change what the API server holds. */
  public static boolean differs(CausalGymMonitoringStatus current, CausalGymMonitoringStatus next) {
    return !Serialization.jsonMapper()
        .valueToTree(next)
        .equals(Serialization.jsonMapper().valueToTree(current));
  }

  /** A copy of the current status, so that what this reconcile does not touch is kept. */
  private static CausalGymMonitoringStatus next(CausalGymMonitoring cr) {
    CausalGymMonitoringStatus status =
        cr.getStatus() == null
            ? new CausalGymMonitoringStatus()
            : Serialization.clone(cr.getStatus());
    status.observedGeneration = cr.getMetadata().getGeneration();
    return status;
  }

  private static void setReady(
      CausalGymMonitoringStatus status,
      CausalGymMonitoring cr,
      boolean ready,
      String reason,
      String message,
      Instant now) {
    String value = ready ? "True" : "False";
    Optional<Condition> previous =
        status.conditions.stream().filter(c -> READY.equals(c.getType())).findFirst();
    // metav1.Condition: lastTransitionTime moves only when the status itself flips.
    String transition =
        previous
            .filter(c -> value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    status.conditions.removeIf(c -> READY.equals(c.getType()));
    status.conditions.add(
        new ConditionBuilder()
            .withType(READY)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(cr.getMetadata().getGeneration())
            .withLastTransitionTime(transition)
            .build());
  }

  private static String describe(List<ManagedResourceStatus> resources, State state) {
    return resources.stream()
        .filter(r -> r.state == state)
        .map(r -> r.kind + "/" + r.name)
        .collect(Collectors.joining(", "));
  }
}
