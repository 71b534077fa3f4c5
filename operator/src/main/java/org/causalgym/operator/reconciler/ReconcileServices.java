package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.runtime.OperatorMetrics;

/**
 * What the reconciler hands to the dependents JOSDK instantiates: they cannot take constructor
 * arguments, so it travels in the reconcile context.
 */
record ReconcileServices(OperatorMetrics metrics) {

  private static final String CONTEXT_KEY = ReconcileServices.class.getName();

  void store(Context<CausalGymMonitoring> context) {
    context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
  }

  static ReconcileServices of(Context<CausalGymMonitoring> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(CONTEXT_KEY, ReconcileServices.class);
  }
}
