package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.OwnedObject;
import org.causalgym.operator.model.ResourceLabels;
import org.causalgym.operator.runtime.ResourceEvents;

/**
 * A JOSDK dependent that keeps one {@link OwnedObject} in its desired state, owned by the
 * CausalGymMonitoring as its controller.
 */
public abstract class OwnedResourceDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, CausalGymMonitoring> {

  /** Informers cache only what this operator manages, not every Deployment of the cluster. */
  public static final String MANAGED_SELECTOR =
      "app.kubernetes.io/managed-by=" + ResourceLabels.MANAGED_BY;

  private final OwnedObject owned;

  protected OwnedResourceDependent(Class<R> type, OwnedObject owned) {
    super(type);
    this.owned = owned;
  }

  OwnedObject owned() {
    return owned;
  }

  @Override
  public R create(R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    R created = super.create(desired, primary, context);
    changed("Created", created, primary, context);
    return created;
  }

  @Override
  public R update(
      R actual, R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    R updated = super.update(actual, desired, primary, context);
    changed("Updated", updated, primary, context);
    return updated;
  }

  /**
   * Tells the story in an event, and counts a drift correction when the spec had not changed since
   * the last reconcile: then someone else changed or deleted the object.
   */
  private void changed(
      String verb, R object, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    ResourceEvents.normal(
        context.getClient(),
        primary,
        verb,
        verb + " " + owned.kind() + " " + object.getMetadata().getName());
    Long observed = primary.getStatus() == null ? null : primary.getStatus().observedGeneration;
    if (observed != null && observed.equals(primary.getMetadata().getGeneration())) {
      ReconcileInputs.of(context).metrics().driftCorrected(owned.kind());
    }
  }

  @Override
  protected R desired(CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    R desired = resourceType().cast(owned.desired(primary));
    // JOSDK's own owner reference lacks controller: true, which kubectl and the garbage
    // collector use to tell the managing controller; JOSDK keeps ours as it has the same uid.
    desired.addOwnerReference(
        new OwnerReferenceBuilder()
            .withApiVersion(primary.getApiVersion())
            .withKind(primary.getKind())
            .withName(primary.getMetadata().getName())
            .withUid(primary.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build());
    return desired;
  }
}
