package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.ServedKinds;
import org.causalgym.operator.runtime.OperatorMetrics;

/**
 * What the reconciler hands to the workflow's conditions and dependents, which JOSDK instantiates
 * without arguments: it travels in the reconcile context.
 *
 * @param served the kinds of other operators the cluster serves
 * @param metrics the operator's meters
 */
record ReconcileInputs(ServedKinds served, OperatorMetrics metrics) {

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
