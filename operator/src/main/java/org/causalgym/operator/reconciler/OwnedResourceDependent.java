package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.Labels;
import org.causalgym.operator.model.OwnedFields;
import org.causalgym.operator.model.OwnedObject;
import org.causalgym.operator.model.ResourceLabels;

/**
 * The JOSDK dependent that keeps one {@link OwnedObject} in its desired state, owned by the
 * CausalGymMonitoring as its controller; one instance per registered object (see {@link
 * OwnedObjectWorkflow}). Matching and updating follow the object's {@link OwnedFields}: JOSDK's own
 * matcher without Server-Side Apply takes an object holding more than desired as matching, so
 * removals from the spec and hand-added entries would stay.
 */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class OwnedResourceDependent<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, CausalGymMonitoring> {

  /** Informers cache only what this operator manages, not every Deployment of the cluster. */
  public static final String MANAGED_SELECTOR = Labels.MANAGED_BY + "=" + ResourceLabels.MANAGED_BY;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final OwnedObject owned;

  @SuppressWarnings("unchecked")
  OwnedResourceDependent(OwnedObject owned) {
    super((Class<R>) owned.type());
    this.owned = owned;
  }

  OwnedObject owned() {
    return owned;
  }

  /** The kind's informer, with the filters of {@link OwnedObjectInformer}. */
  @Override
  protected InformerEventSource<R, CausalGymMonitoring> createEventSource(
      EventSourceContext<CausalGymMonitoring> context) {
    InformerEventSourceConfiguration.Builder<R> configuration =
        informerConfigurationBuilder(context)
            .withSecondaryToPrimaryMapper(getSecondaryToPrimaryMapper(context).orElseThrow())
            .withName(name());
    configuration()
        .map(KubernetesDependentResourceConfig::informerConfig)
        .ifPresent(configuration::updateFrom);
    // An entry whose kind has other entries with informers of their own caches only its objects.
    owned
        .appNameAmongItsKind()
        .ifPresent(
            app ->
                configuration.withLabelSelector(MANAGED_SELECTOR + "," + Labels.NAME + "=" + app));
    OwnedObjectInformer<R> informer = OwnedObjectInformer.of(configuration, context);
    setEventSource(informer);
    return informer;
  }

  @Override
  public R create(R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    R created = createMarked(withGenerated(desired, primary, context), primary, context);
    changed("Created", created, "", primary, context);
    return created;
  }

  /**
   * Creates with the informer told, so that the object's watch event, which can arrive before the
   * answer, does not reconcile the resource again; the mark ends once JOSDK has cached the answer
   * ({@link #onCreated}, {@link #onUpdated}) or here when the create fails.
   */
  private R createMarked(
      R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    informer().creating(desired);
    try {
      return super.create(desired, primary, context);
    } catch (RuntimeException e) {
      informer().created(desired);
      throw e;
    }
  }

  @Override
  protected void onCreated(
      CausalGymMonitoring primary, R created, Context<CausalGymMonitoring> context) {
    super.onCreated(primary, created, context);
    informer().created(created);
  }

  /** A replacement's create (see {@link #update}) is cached by JOSDK as an update. */
  @Override
  protected void onUpdated(
      CausalGymMonitoring primary, R updated, R actual, Context<CausalGymMonitoring> context) {
    super.onUpdated(primary, updated, actual, context);
    informer().created(updated);
  }

  private OwnedObjectInformer<R> informer() {
    return (OwnedObjectInformer<R>) eventSource().orElseThrow();
  }

  @Override
  public Result<R> match(
      R actual, R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    addMetadata(true, actual, desired, primary, context);
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    Optional<String> difference =
        owned
            .fields(primary)
            .firstDifference(
                json.convertValue(desired, JsonNode.class),
                json.convertValue(actual, JsonNode.class));
    return Result.computed(difference.isEmpty(), desired);
  }

  /**
   * Writes desired's owned fields over actual, keeping what the API server and other controllers
   * hold on tolerated paths, with actual's resourceVersion so that a concurrent change conflicts.
   */
  @Override
  public R update(
      R actual, R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    addMetadata(false, actual, desired, primary, context);
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    OwnedFields fields = owned.fields(primary);
    JsonNode wanted = json.convertValue(desired, JsonNode.class);
    JsonNode current = json.convertValue(actual, JsonNode.class);
    Optional<String> immutable = fields.immutableDifference(wanted, current);
    if (immutable.isPresent()) {
      // Another operator's CRD refuses the change in place (a CEL transition rule): replace the
      // object. Until the API server has removed it (finalizers), the create conflicts and JOSDK
      // retries with back-off.
      context.getClient().resource(actual).delete();
      R created = createMarked(desired, primary, context);
      changed("Replaced", created, " (" + immutable.get() + ")", primary, context);
      return created;
    }
    String difference = fields.firstDifference(wanted, current).orElse("metadata");
    R merged = json.convertValue(fields.merged(wanted, current), resourceType());
    R updated = prepare(context, merged, primary, "Updating").update();
    changed("Updated", updated, " (" + difference + ")", primary, context);
    return updated;
  }

  /** Desired with a random value at each generated path it leaves unset (a new password). */
  private R withGenerated(
      R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    List<List<String>> paths = owned.fields(primary).generatedPaths();
    if (paths.isEmpty()) {
      return desired;
    }
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    ObjectNode node = json.convertValue(desired, ObjectNode.class);
    for (List<String> path : paths) {
      ObjectNode parent = node;
      for (String field : path.subList(0, path.size() - 1)) {
        parent = parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
      }
      String key = path.get(path.size() - 1);
      if (!parent.hasNonNull(key)) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        parent.put(
            key, Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return json.convertValue(node, resourceType());
  }

  /**
   * Adds the write to the story the pass's Event tells, and counts a drift correction when the
   * current spec had already been applied: then someone else changed or deleted the object.
   */
  private void changed(
      String verb,
      R object,
      String why,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context) {
    ReconcileInputs inputs = ReconcileInputs.of(context);
    inputs
        .changes()
        .put(
            owned,
            new ReconcileInputs.Change(
                verb, verb + " " + owned.kind() + " " + object.getMetadata().getName() + why));
    if (StatusReport.currentGenerationApplied(primary)) {
      inputs.metrics().driftCorrected(owned.kind());
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
    // The label and annotation keys written here are the operator's; other writers' stay.
    OwnedFields.recordOwnedKeys(desired);
    return desired;
  }
}
