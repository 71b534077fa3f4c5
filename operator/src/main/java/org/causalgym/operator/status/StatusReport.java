package org.causalgym.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.api.DashboardsMode;
import org.causalgym.operator.api.ManagedResourceStatus;
import org.causalgym.operator.api.ManagedResourceStatus.State;
import org.causalgym.operator.api.ObservedStatus;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;

/** Builds the status the resource should show after a reconcile, from what the reconcile did. */
public final class StatusReport {

  /** The Ready reasons that say the current generation was not applied. */
  private static final Set<ReadyReason> NOT_APPLIED =
      EnumSet.of(
          ReadyReason.InvalidSpec,
          ReadyReason.ReconcileFailed,
          ReadyReason.Conflict,
          ReadyReason.Refused);

  private StatusReport() {}

  /**
   * Every object as the workflow left it: applied, or skipped with the reason it was not wanted;
   * not ready while the prometheus-operator, grafana-operator where the spec asks for it, or a
   * referenced Secret key is missing.
   *
   * @param applied the objects the workflow reconciled
   * @param obstacles what could not be brought to its desired state: a Conflict comes before a
   *     refusal, which comes before a missing Secret
   */
  public static CausalGymMonitoringStatus reconciled(
      GymPlan plan,
      Set<OwnedObject> applied,
      List<String> missingSecrets,
      List<Obstacle> obstacles,
      Instant now) {
    CausalGymMonitoring cr = plan.resource();
    // The managed stack needs no prometheus-operator: its objects are skipped on purpose.
    Optional<String> prometheusOperatorUnavailable =
        plan.modes().managedStack()
            ? Optional.empty()
            : plan.served().prometheusOperatorUnavailable();
    List<ManagedResourceStatus> resources = new ArrayList<>();
    for (OwnedObject owned : OwnedObject.values()) {
      Optional<Obstacle> obstacle = obstacles.stream().filter(o -> o.owned() == owned).findFirst();
      boolean done = applied.contains(owned) && obstacle.isEmpty();
      resources.add(
          new ManagedResourceStatus(
              owned.kind(),
              owned.name(plan.names()),
              done ? State.Applied : State.Skipped,
              done
                  ? null
                  : obstacle
                      .map(o -> o.reason() + ": " + o.message())
                      .or(() -> owned.decision(plan).skipReason())
                      .orElse("not reconciled by the workflow")));
    }
    // The rules are published in the PrometheusRule, or in the plain form's rule file.
    int alertRules =
        applied.contains(OwnedObject.PROMETHEUS_RULE)
                || applied.contains(OwnedObject.PLAIN_PROMETHEUS_CONFIG)
            ? plan.alertCount()
            : 0;

    CausalGymMonitoringStatus status = next(cr);
    status.resources = resources;
    status.alertRules = alertRules;
    status.receivers =
        plan.modes().alertmanager()
            ? cr.getSpec().alertmanager.receivers.stream().map(r -> r.name).toList()
            : List.of();
    String summary =
        "Applied "
            + resources.stream()
                .filter(r -> r.state == State.Applied)
                .map(r -> r.kind + "/" + r.name)
                .collect(Collectors.joining(", "))
            + " with "
            + alertRules
            + " alert rules";
    Optional<ReadyReason> blocked =
        obstacles.stream().map(Obstacle::reason).min(Comparator.naturalOrder());
    if (blocked.isPresent()) {
      setReady(
          status,
          cr,
          false,
          blocked.get(),
          summary
              + "; "
              + obstacles.stream()
                  .sorted(Comparator.comparing(Obstacle::reason))
                  .map(Obstacle::message)
                  .collect(Collectors.joining("; ")),
          now);
    } else if (!missingSecrets.isEmpty()) {
      setReady(
          status,
          cr,
          false,
          ReadyReason.MissingSecret,
          summary + "; missing: " + String.join("; ", missingSecrets),
          now);
    } else if (plan.modes().dashboards()
        && cr.getSpec().dashboards.mode == DashboardsMode.grafanaOperator
        && !plan.served().grafanaOperator()) {
      setReady(
          status,
          cr,
          false,
          ReadyReason.GrafanaOperatorMissing,
          summary + "; " + OwnedObject.GRAFANA_DASHBOARD.decision(plan).skipReason().orElseThrow(),
          now);
    } else if (prometheusOperatorUnavailable.isPresent()) {
      String skipped =
          resources.stream()
              .filter(r -> r.state == State.Skipped)
              .map(r -> r.kind + "/" + r.name)
              .collect(Collectors.joining(", "));
      setReady(
          status,
          cr,
          false,
          ReadyReason.PrometheusOperatorMissing,
          summary + "; skipped " + skipped + ": " + prometheusOperatorUnavailable.get(),
          now);
    } else {
      setReady(status, cr, true, ReadyReason.Reconciled, summary, now);
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
    setReady(status, cr, false, ReadyReason.InvalidSpec, message, now);
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
        ReadyReason.ReconcileFailed,
        "Reconcile failed, retrying: "
            + Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName()),
        now);
    return status;
  }

  /** The Ready condition, which every status this class builds has. */
  public static Condition ready(CausalGymMonitoringStatus status) {
    return status.conditions.stream()
        .filter(c -> ConditionType.Ready.name().equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("status without a Ready condition"));
  }

  /**
   * Whether the resource's status says its current generation was applied: then a write to an owned
   * object corrects drift, rather than applying an edit or retrying a failed reconcile.
   */
  public static boolean currentGenerationApplied(CausalGymMonitoring cr) {
    CausalGymMonitoringStatus status = cr.getStatus();
    if (status == null
        || status.observedGeneration == null
        || !status.observedGeneration.equals(cr.getMetadata().getGeneration())) {
      return false;
    }
    return status.conditions.stream()
        .filter(c -> ConditionType.Ready.name().equals(c.getType()))
        .map(Condition::getReason)
        .anyMatch(reason -> NOT_APPLIED.stream().noneMatch(r -> r.name().equals(reason)));
  }

  /** Whether the resource's status lists an object of the kind as applied: it may still exist. */
  public static boolean applied(CausalGymMonitoring cr, String kind) {
    CausalGymMonitoringStatus status = cr.getStatus();
    return status != null
        && status.resources != null
        && status.resources.stream().anyMatch(r -> kind.equals(r.kind) && r.state == State.Applied);
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
      ReadyReason reason,
      String message,
      Instant now) {
    setCondition(
        status,
        cr,
        ConditionType.Ready,
        ready ? ConditionVerdict.holds(reason, message) : ConditionVerdict.fails(reason, message),
        now);
  }

  /**
   * Sets the conditions that say whether the gym is really monitored, each where it was checked,
   * and removes those that were not: status never claims more than was checked.
   *
   * @param verdicts by condition type; empty where the condition does not apply
   */
  public static CausalGymMonitoringStatus withMonitoring(
      CausalGymMonitoringStatus status,
      CausalGymMonitoring cr,
      Map<ConditionType, Optional<ConditionVerdict<?>>> verdicts,
      ObservedStatus observed,
      Instant now) {
    verdicts.forEach(
        (type, verdict) -> {
          if (verdict.isPresent()) {
            setCondition(status, cr, type, verdict.get(), now);
          } else {
            status.conditions.removeIf(c -> type.name().equals(c.getType()));
          }
        });
    status.observed = observed;
    return status;
  }

  /**
   * The conditions other than Ready whose status or reason differs from what the previous status
   * said: each is an Event. A condition that appears for the first time is not a transition.
   */
  public static List<Condition> transitions(
      CausalGymMonitoringStatus before, CausalGymMonitoringStatus after) {
    if (before == null) {
      return List.of();
    }
    List<Condition> changed = new ArrayList<>();
    for (Condition now : after.conditions) {
      if (ConditionType.Ready.name().equals(now.getType())) {
        continue;
      }
      before.conditions.stream()
          .filter(c -> now.getType().equals(c.getType()))
          .findFirst()
          .filter(
              was ->
                  !Objects.equals(was.getStatus(), now.getStatus())
                      || !Objects.equals(was.getReason(), now.getReason()))
          .ifPresent(was -> changed.add(now));
    }
    return changed;
  }

  /**
   * Sets one condition in place, keeping the list's order; metav1.Condition's lastTransitionTime
   * moves only when the status itself flips.
   */
  private static void setCondition(
      CausalGymMonitoringStatus status,
      CausalGymMonitoring cr,
      ConditionType type,
      ConditionVerdict<?> verdict,
      Instant now) {
    if (!type.gives(verdict.reason())) {
      throw new IllegalArgumentException(
          "condition " + type + " has no reason " + verdict.reason());
    }
    Optional<Condition> previous =
        status.conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
    String transition =
        previous
            .filter(c -> verdict.status().equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition condition =
        new ConditionBuilder()
            .withType(type.name())
            .withStatus(verdict.status())
            .withReason(verdict.reason().name())
            .withMessage(verdict.message())
            .withObservedGeneration(cr.getMetadata().getGeneration())
            .withLastTransitionTime(transition)
            .build();
    if (previous.isPresent()) {
      status.conditions.set(status.conditions.indexOf(previous.get()), condition);
    } else {
      status.conditions.add(condition);
    }
  }
}
