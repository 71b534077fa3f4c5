package org.causalgym.operator.reconciler;

import java.util.Optional;
import org.causalgym.operator.desired.OwnedObject;

/**
 * The reconciler's workflow, built from the {@link OwnedObject} registry instead of a list of
 * annotations: one {@link OwnedResourceDependent} per registered object, deleted where it can stop
 * being wanted ({@link #reconcilePrecondition}), its informer started only where the cluster serves
 * its kind and some resource uses it ({@link #activation}), shared where it can be ({@link
 * OwnedKindInformers#informerOwner}). {@link JosdkWorkflowSeam} hands it to JOSDK.
 */
final class OwnedObjectWorkflow {

  private OwnedObjectWorkflow() {}

  /** Deleted where it can stop being wanted; reconciled whenever wanted where it cannot. */
  static Optional<OwnedObjectCondition> reconcilePrecondition(OwnedObject owned) {
    return owned.canBeUnwanted() ? Optional.of(OwnedObjectCondition.WANTED) : Optional.empty();
  }

  /**
   * When JOSDK starts the object's informer: other operators' kinds where the cluster serves them,
   * the kinds only the plain form or a managed stack uses at the first resource that uses them; the
   * rest at start-up.
   */
  static Optional<OwnedObjectCondition> activation(OwnedObject owned) {
    if (OwnedKindInformers.otherOperatorsKind(owned)) {
      return Optional.of(OwnedObjectCondition.KIND_SERVED);
    }
    if (OwnedKindInformers.onlyInPlainFormOrStacks(owned)) {
      return Optional.of(OwnedObjectCondition.KIND_IN_USE);
    }
    return Optional.empty();
  }
}
