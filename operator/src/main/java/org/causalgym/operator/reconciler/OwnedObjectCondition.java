package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.OwnedObject;
import org.causalgym.operator.model.ServedKinds;

/**
 * A workflow condition of one owned object's dependent, decided by the registry from the resource
 * and the kinds the cluster serves: JOSDK instantiates nothing, the workflow passes these.
 */
final class OwnedObjectCondition implements Condition<HasMetadata, CausalGymMonitoring> {

  /** What the condition asks of the registry. */
  private interface Test {
    boolean holds(OwnedObject owned, CausalGymMonitoring primary, ServedKinds served);
  }

  /**
   * Reconcile precondition: the object is wanted by the spec on this cluster (see
   * OwnedObject.skipReason). Where it stops being wanted, JOSDK deletes it.
   */
  static final OwnedObjectCondition WANTED =
      new OwnedObjectCondition(
          (owned, primary, served) -> owned.skipReason(primary, served).isEmpty());

  /**
   * Activation condition of the dependents of other operators' kinds: JOSDK starts their informers
   * only where the cluster serves those kinds.
   */
  static final OwnedObjectCondition KIND_SERVED =
      new OwnedObjectCondition((owned, primary, served) -> owned.kindServed(served));

  private final Test test;

  private OwnedObjectCondition(Test test) {
    this.test = test;
  }

  @Override
  public boolean isMet(
      DependentResource<HasMetadata, CausalGymMonitoring> dependentResource,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context) {
    return test.holds(
        ((OwnedResourceDependent<?>) dependentResource).owned(),
        primary,
        ReconcileInputs.of(context).served());
  }
}
