package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.OwnedObject;
import org.causalgym.operator.model.ServedKinds;
import org.causalgym.operator.runtime.OperatorMetrics;

/**
 * What the reconciler hands to the workflow's conditions and dependents, which JOSDK instantiates
 * without arguments, and what the dependents hand back: it travels in the reconcile context.
 *
 * @param served the kinds of other operators the cluster serves
 * @param metrics the operator's meters
 * @param changes what the dependents wrote in this pass, in the registry's order (they run in
 *     parallel), for the pass's one Event
 * @param obstacles the objects the dependents could not bring to their desired state without a hot
 *     retry (a foreign object under the name, a write the API server refuses), for status
 */
record ReconcileInputs(
    ServedKinds served,
    OperatorMetrics metrics,
    Map<OwnedObject, Change> changes,
    Map<OwnedObject, Obstacle> obstacles) {

  /** One write of a dependent: its verb (Created, Updated, Replaced) and what it wrote. */
  record Change(String verb, String text) {}

  ReconcileInputs(ServedKinds served, OperatorMetrics metrics) {
    this(served, metrics, new ConcurrentSkipListMap<>(), new ConcurrentSkipListMap<>());
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
