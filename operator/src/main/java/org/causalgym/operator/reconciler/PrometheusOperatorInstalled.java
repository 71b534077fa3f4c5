package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * Activation condition of the monitoring.coreos.com dependents: JOSDK starts their informers only
 * where the cluster serves those kinds.
 */
public class PrometheusOperatorInstalled implements Condition<HasMetadata, CausalGymMonitoring> {

  @Override
  public boolean isMet(
      DependentResource<HasMetadata, CausalGymMonitoring> dependentResource,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context) {
    return ReconcileInputs.of(context).prometheusOperatorUnavailable().isEmpty();
  }
}
