package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * Reconcile precondition: the object is wanted by the spec on this cluster (see
 * OwnedObject.skipReason). Where it stops being wanted, JOSDK deletes it.
 */
public class WantedForResource implements Condition<HasMetadata, CausalGymMonitoring> {

  @Override
  public boolean isMet(
      DependentResource<HasMetadata, CausalGymMonitoring> dependentResource,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context) {
    return ((OwnedResourceDependent<?>) dependentResource)
        .owned()
        .skipReason(primary, ReconcileInputs.of(context).served())
        .isEmpty();
  }
}
