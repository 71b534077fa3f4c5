package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.runtime.OperatorMetrics;
import org.causalgym.operator.status.Obstacle;

/**
 * What the reconciler hands to the workflow's conditions and dependents, which JOSDK instantiates
 * without arguments, and what the dependents hand back: it travels in the reconcile context.
 *
 * @param plan what the resource becomes on this cluster, resolved once for the pass
 * @param metrics the operator's meters
 * @param inSync the resource's owned objects known to match what this plan builds
 * @param changes what the dependents wrote in this pass, in the registry's order (they run in
 *     parallel), for the pass's one Event
 * @param obstacles the objects the dependents could not bring to their desired state without a hot
 *     retry (a foreign object under the name, a write the API server refuses), for status
 */
record ReconcileInputs(
    GymPlan plan,
    OperatorMetrics metrics,
    InSyncObjects.Record inSync,
    Map<OwnedObject, Change> changes,
    Map<OwnedObject, Obstacle> obstacles) {

  /** One write of a dependent: its verb (Created, Updated, Replaced) and what it wrote. */
  record Change(String verb, String text) {}

  ReconcileInputs(GymPlan plan, OperatorMetrics metrics, InSyncObjects.Record inSync) {
    this(plan, metrics, inSync, new ConcurrentSkipListMap<>(), new ConcurrentSkipListMap<>());
  }

  private static final String CONTEXT_KEY = ReconcileInputs.class.getName();

  void store(Context<CausalGymMonitoring> context) {
    context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
  }

  static ReconcileInputs of(Context<CausalGymMonitoring> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(CONTEXT_KEY, ReconcileInputs.class);
  }
}
