package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * Activation condition of the dependents of other operators' kinds: JOSDK starts their informers
 * only where the cluster serves those kinds.
 */
public class KindServed implements Condition<HasMetadata, CausalGymMonitoring> {

  @Override
  public boolean isMet(
      DependentResource<HasMetadata, CausalGymMonitoring> dependentResource,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context) {
    return ((OwnedResourceDependent<?>) dependentResource)
        .owned()
        .kindServed(ReconcileInputs.of(context).served());
  }
}
