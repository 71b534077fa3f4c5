package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.status.StatusReport;

/**
 * A workflow condition of one owned object's dependent, read from the pass's plan (the resource and
 * the kinds the cluster serves, resolved once): JOSDK instantiates nothing, the workflow passes
 * these.
 */
final class OwnedObjectCondition implements Condition<HasMetadata, CausalGymMonitoring> {

  /** What the condition asks of the registry. */
  private interface Test {
    boolean holds(
        OwnedObject owned, CausalGymMonitoring primary, Context<CausalGymMonitoring> context);
  }

  /**
   * Reconcile precondition: the plan wants the object (see GymPlan's decisions). Where it stops
   * being wanted, JOSDK deletes it.
   */
  static final OwnedObjectCondition WANTED =
      new OwnedObjectCondition((owned, primary, context) -> owned.decision(plan(context)).wanted());

  /**
   * Activation condition of the dependents of other operators' kinds: JOSDK starts their informers
   * only where the cluster serves those kinds.
   */
  static final OwnedObjectCondition KIND_SERVED =
      new OwnedObjectCondition(
          (owned, primary, context) -> OwnedKindInformers.served(owned, plan(context).served()));

  /**
   * Activation condition of the kinds only the plain form or a managed stack uses: JOSDK starts
   * their informer at the first resource that wants the kind or lists one applied (an object to
   * delete), and an informer once started stays. JOSDK stops the informer of a dependent whose
   * activation condition fails, so a condition of this resource alone would stop it at the next
   * resource without a stack.
   */
  static final OwnedObjectCondition KIND_IN_USE =
      new OwnedObjectCondition(
          (owned, primary, context) ->
              !context.eventSourceRetriever().getEventSourcesFor(owned.type()).isEmpty()
                  || OwnedKindInformers.kindWanted(owned, plan(context))
                  || StatusReport.applied(primary, owned.kind()));

  private final Test test;

  private OwnedObjectCondition(Test test) {
    this.test = test;
  }

  @Override
  public boolean isMet(
      DependentResource<HasMetadata, CausalGymMonitoring> dependentResource,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context) {
    return test.holds(((OwnedResourceDependent<?>) dependentResource).owned(), primary, context);
  }

  private static GymPlan plan(Context<CausalGymMonitoring> context) {
    return ReconcileInputs.of(context).plan();
  }
}
