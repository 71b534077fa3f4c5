package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * Whether this reconcile found the prometheus-operator's kinds, asked once by the reconciler and
 * left in the context for the workflow's conditions.
 */
record PrometheusOperatorAvailability(Optional<String> unavailableReason) {

  private static final String CONTEXT_KEY = PrometheusOperatorAvailability.class.getName();

  void store(Context<CausalGymMonitoring> context) {
    context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
  }

  static PrometheusOperatorAvailability of(Context<CausalGymMonitoring> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(CONTEXT_KEY, PrometheusOperatorAvailability.class);
  }
}
