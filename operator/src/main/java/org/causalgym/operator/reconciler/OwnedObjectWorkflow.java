package org.causalgym.operator.reconciler;

import java.util.Arrays;
import java.util.Optional;
import org.causalgym.operator.desired.OwnedObject;

/**
 * The reconciler's workflow, built from the {@link OwnedObject} registry instead of a list of
 * annotations: one {@link OwnedResourceDependent} per registered object, deleted where it can stop
 * being wanted ({@link #reconcilePrecondition}), its informer started only where the cluster serves
 * its kind and some resource uses it ({@link #activation}), shared where it can be ({@link
 * #informerOwner}). {@link JosdkWorkflowSeam} hands it to JOSDK.
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

  /**
   * The entry whose informer this one shares: the first of the registry with the same kind. The
   * informers of one kind would all list and watch the same label selector and cache every object
   * of that kind once each (four Deployment informers, five ConfigMap ones holding the dashboards
   * JSON five times); JOSDK picks each dependent's object out of the shared cache by the name of
   * its desired object. Not for informers started on activation, which JOSDK 5.2.3 cannot share (a
   * referencing dependent has no informer of its own to register): each such entry has its own,
   * narrowed to its objects where its kind has several ({@link
   * OwnedKindInformers#appNameAmongItsKind}).
   */
  static Optional<String> informerOwner(OwnedObject owned) {
    return Arrays.stream(OwnedObject.values())
        .filter(other -> other.type() == owned.type())
        .findFirst()
        .filter(first -> first != owned && activation(owned).isEmpty())
        .map(OwnedObject::name);
  }
}
