package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * Activation condition of the monitoring.coreos.com dependents: the reconciler asks the cluster
 * once per reconcile and leaves the answer in the context, so JOSDK starts their informers only
 * where the kinds exist.
 */
public class PrometheusOperatorInstalled implements Condition<HasMetadata, CausalGymMonitoring> {

  static final String CONTEXT_KEY = "prometheusOperatorInstalled";

  @Override
  public boolean isMet(
      DependentResource<HasMetadata, CausalGymMonitoring> dependentResource,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(CONTEXT_KEY, Boolean.class)
        .orElse(false);
  }
}
