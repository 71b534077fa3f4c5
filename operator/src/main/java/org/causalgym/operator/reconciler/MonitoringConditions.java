package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.status.AvailabilityReport;
import org.causalgym.operator.status.ConditionType;
import org.causalgym.operator.status.ConditionVerdict;
import org.causalgym.operator.status.ObservedReport;
import org.causalgym.operator.status.PrometheusSnapshot;
import org.causalgym.operator.status.SelectionReport;
import org.causalgym.operator.status.SloReport;
import org.causalgym.operator.status.StackReport;
import org.causalgym.operator.status.StatusReport;

/**
 * The conditions that say whether the gym is really monitored, each from what the operator already
 * holds in memory (informer caches, the cluster watch, the last poll): Available, Selected,
 * Observed and StackReady, and the status fields that go with them.
 *
 * @param cluster what the cluster serves and whose selectors pick the objects
 * @param prometheus what the named Prometheus servers reported
 */
record MonitoringConditions(ClusterWatch cluster, PrometheusPoller prometheus) {

  /**
   * What the resource sees of the last poll of its Prometheus, read once per reconcile: the version
   * its rules are validated for and the Observed condition come from the same poll. Empty where no
   * Prometheus is asked or before the first poll of its URL.
   */
  Optional<PrometheusSnapshot.View> lastPoll(CausalGymMonitoring resource) {
    return GymPlan.observedUrl(resource).flatMap(url -> prometheus.view(resource));
  }

  /**
   * Adds the conditions that apply to this resource to status, and removes the others.
   *
   * @param poll what {@link #lastPoll} returned in this reconcile
   */
  void add(
      CausalGymMonitoringStatus status,
      GymPlan plan,
      Context<CausalGymMonitoring> context,
      Set<OwnedObject> applied,
      Optional<PrometheusSnapshot.View> poll,
      Instant now) {
    CausalGymMonitoring resource = plan.resource();
    boolean managed = plan.modes().managedStack();
    Map<String, HasMetadata> workloads = new HashMap<>();
    context
        .getSecondaryResources(Deployment.class)
        .forEach(d -> workloads.put(d.getMetadata().getName(), d));
    context
        .getSecondaryResources(StatefulSet.class)
        .forEach(s -> workloads.put(s.getMetadata().getName(), s));
    Optional<ObservedReport> observed =
        plan.observedUrl().map(url -> ObservedReport.of(plan, poll));

    Map<ConditionType, Optional<ConditionVerdict<?>>> verdicts = new EnumMap<>(ConditionType.class);
    verdicts.put(
        ConditionType.Available,
        Optional.of(
            AvailabilityReport.of(
                Optional.ofNullable(workloads.get(OwnedObject.DEPLOYMENT.name(plan.names())))
                    .map(Deployment.class::cast))));
    verdicts.put(
        ConditionType.Selected,
        plan.served().prometheusOperator() && !managed
            ? Optional.of(
                SelectionReport.of(
                    resource, cluster, applied.contains(OwnedObject.ALERTMANAGER_CONFIG)))
            : Optional.empty());
    verdicts.put(ConditionType.Observed, observed.map(ObservedReport::verdict));
    verdicts.put(
        ConditionType.StackReady,
        managed ? Optional.of(StackReport.of(plan, workloads)) : Optional.empty());
    verdicts.put(ConditionType.ErrorBudget, SloReport.of(plan, poll).map(v -> v));
    status.stack = managed ? StackReport.urls(plan) : null;
    StatusReport.withMonitoring(
        status, resource, verdicts, observed.map(ObservedReport::observed).orElse(null), now);
  }
}
