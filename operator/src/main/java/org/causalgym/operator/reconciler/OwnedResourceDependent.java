package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.Labels;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedFields;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ResourceLabels;
import org.causalgym.operator.status.Obstacle;
import org.causalgym.operator.status.ReadyReason;
import org.causalgym.operator.status.StatusReport;

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

  /** Unprocessable Entity: what the API server answers a write its validation refuses. */
  private static final int HTTP_UNPROCESSABLE_ENTITY = 422;

  private final OwnedObject owned;

  @SuppressWarnings("unchecked")
  OwnedResourceDependent(OwnedObject owned) {
    super((Class<R>) owned.type());
    this.owned = owned;
  }

  OwnedObject owned() {
    return owned;
  }

  /** The kind's informer, with the filters of {@link JosdkInformerSeam}. */
  @Override
  protected InformerEventSource<R, CausalGymMonitoring> createEventSource(
      EventSourceContext<CausalGymMonitoring> context) {
    InformerEventSourceConfiguration.Builder<R> configuration =
        informerConfigurationBuilder(context)
            .withSecondaryToPrimaryMapper(getSecondaryToPrimaryMapper(context).orElseThrow())
            .withPrimaryToSecondaryMapper(this::cachedObjects)
            .withName(name());
    JosdkInformerSeam.withAnnotated(configuration, configuration());
    PayloadDigests.itemStore(resourceType(), context.getClient().getKubernetesSerialization())
        .ifPresent(configuration::withItemStore);
    // An entry whose kind has other entries with informers of their own caches only its objects.
    OwnedKindInformers.appNameAmongItsKind(owned)
        .ifPresent(
            app ->
                configuration.withLabelSelector(MANAGED_SELECTOR + "," + Labels.NAME + "=" + app));
    JosdkInformerSeam<R> informer = JosdkInformerSeam.of(configuration, context);
    setEventSource(informer);
    return informer;
  }

  /**
   * The objects of a resource that the informer may cache, named from the resource's own name.
   * Without this mapping, JOSDK 5.2.3's InformerEventSource keeps an index from each resource to
   * its objects in every informer (its DefaultPrimaryToSecondaryIndex, some 300 bytes per resource
   * and informer), built from the owner references of every event. A name alone does not tell whose
   * object it is: {@link JosdkInformerSeam#getSecondaryResources} keeps those the resource owns.
   */
  private Set<ResourceID> cachedObjects(CausalGymMonitoring primary) {
    GymPlan.Names names = GymPlan.Names.of(primary);
    return OwnedKindInformers.cachedBy(owned).stream()
        .map(cached -> new ResourceID(cached.name(names), primary.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  @Override
  public R create(R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    try {
      R created = createMarked(withGenerated(desired, primary, context), primary, context);
      changed("Created", created, "", primary, context);
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return adoptOrRefuse(desired, primary, context, e);
      }
      throw refusedOrRethrown(e, "create", desired, "");
    }
  }

  /**
   * The name is taken (409 AlreadyExists): the informers see only labelled objects, so this is an
   * object that lost its labels, or someone else's. One controlled by this resource is adopted
   * (re-labelled and put back in its desired state, which brings it back into the informer's
   * cache); any other is left alone and reported as a Conflict.
   */
  private R adoptOrRefuse(
      R desired,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context,
      KubernetesClientException alreadyExists) {
    String name = desired.getMetadata().getName();
    // A list by name, which the chart's RBAC grants for every owned kind, where a get would not be.
    R existing =
        context
            .getClient()
            .resources(resourceType())
            .inNamespace(primary.getMetadata().getNamespace())
            .withField("metadata.name", name)
            .list()
            .getItems()
            .stream()
            .findFirst()
            .orElse(null);
    if (existing == null || existing.getMetadata().getDeletionTimestamp() != null) {
      // Gone since, or still being deleted (the old object of a replacement, held by finalizers):
      // JOSDK retries with back-off until the name is free.
      throw alreadyExists;
    }
    Optional<OwnerReference> controller =
        Optional.ofNullable(existing.getMetadata().getOwnerReferences()).stream()
            .flatMap(List::stream)
            .filter(ref -> Boolean.TRUE.equals(ref.getController()))
            .findFirst();
    if (controller.isPresent()
        && controller.get().getUid().equals(primary.getMetadata().getUid())) {
      return write(existing, desired, primary, context, "Adopted");
    }
    String what = owned.kind() + " " + name;
    throw new Obstructed(
        new Obstacle(
            owned,
            ReadyReason.Conflict,
            what
                + " exists and is "
                + controller
                    .map(ref -> "controlled by " + ref.getKind() + " " + ref.getName())
                    .orElse("controlled by nothing")
                + ", not by this resource; it was left alone. Delete or rename it, or give this"
                + " resource another name; it is looked at again periodically"));
  }

  /**
   * A write the API server refused as invalid (422) becomes an {@link Obstacle}: retrying the same
   * write cannot succeed, only a change of the spec or of the object can. The causes' fields and
   * types are named; their messages are not kept, as an Invalid cause repeats the value (of a
   * Secret, too).
   */
  private RuntimeException refusedOrRethrown(
      KubernetesClientException e, String verb, R object, String why) {
    if (e.getCode() != HTTP_UNPROCESSABLE_ENTITY) {
      return e;
    }
    String causes =
        Optional.ofNullable(e.getStatus())
            .map(Status::getDetails)
            .map(StatusDetails::getCauses)
            .orElse(List.of())
            .stream()
            .map(c -> c.getField() + " (" + c.getReason() + ")")
            .collect(Collectors.joining(", "));
    return new Obstructed(
        new Obstacle(
            owned,
            ReadyReason.Refused,
            "the API server refused to "
                + verb
                + " "
                + owned.kind()
                + " "
                + object.getMetadata().getName()
                + " as invalid"
                + (causes.isEmpty() ? "" : " at " + causes)
                + why
                + "; not retried until the spec or the object changes"));
  }

  /**
   * What ends a dependent's create or update without failing the reconcile: the workflow goes on,
   * and the reconciler reports the obstacle in status.
   */
  static final class Obstructed extends RuntimeException {
    private final transient Obstacle obstacle;

    Obstructed(Obstacle obstacle) {
      super(obstacle.message(), null, false, false);
      this.obstacle = obstacle;
    }
  }

  /** An obstructed create is recorded, and nothing is cached as created. */
  @Override
  protected R handleCreate(
      R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    try {
      return super.handleCreate(desired, primary, context);
    } catch (Obstructed obstructed) {
      ReconcileInputs.of(context).obstacles().put(owned, obstructed.obstacle);
      return desired;
    }
  }

  /** An obstructed update is recorded, and the object is left as it is. */
  @Override
  protected R handleUpdate(
      R actual, R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    try {
      return super.handleUpdate(actual, desired, primary, context);
    } catch (Obstructed obstructed) {
      ReconcileInputs.of(context).obstacles().put(owned, obstructed.obstacle);
      return actual;
    }
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

  /** What was created is the desired state, in sync at the version the API server answered. */
  @Override
  protected void onCreated(
      CausalGymMonitoring primary, R created, Context<CausalGymMonitoring> context) {
    super.onCreated(primary, created, context);
    informer().created(created);
    ReconcileInputs.of(context).inSync().matched(owned, created);
  }

  /**
   * A replacement's create (see {@link #update}) is cached by JOSDK as an update. What was written
   * is the desired state, so the object is in sync at the version the API server answered.
   */
  @Override
  protected void onUpdated(
      CausalGymMonitoring primary, R updated, R actual, Context<CausalGymMonitoring> context) {
    super.onUpdated(primary, updated, actual, context);
    informer().created(updated);
    ReconcileInputs.of(context).inSync().matched(owned, updated);
  }

  private JosdkInformerSeam<R> informer() {
    return (JosdkInformerSeam<R>) eventSource().orElseThrow();
  }

  /**
   * The object's name from the plan: JOSDK's default builds the whole desired object to learn it,
   * on each of the several lookups of a reconcile.
   */
  @Override
  protected ResourceID targetSecondaryResourceID(
      CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    return new ResourceID(
        owned.name(ReconcileInputs.of(context).plan().names()),
        primary.getMetadata().getNamespace());
  }

  /**
   * An object unchanged since it matched what the same admission and served kinds build still
   * matches: it is neither built nor compared again ({@link InSyncObjects}).
   */
  @Override
  public Result<R> match(
      R actual, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    InSyncObjects.Record inSync = ReconcileInputs.of(context).inSync();
    if (inSync.inSync(owned, actual)) {
      return Result.nonComputed(true);
    }
    Result<R> result = super.match(actual, primary, context);
    if (result.matched()) {
      inSync.matched(owned, actual);
    }
    return result;
  }

  @Override
  public Result<R> match(
      R actual, R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    addMetadata(true, actual, desired, primary, context);
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    Optional<String> difference =
        owned
            .fields(ReconcileInputs.of(context).plan())
            .firstDifference(comparable(desired, json), comparable(actual, json));
    return Result.computed(difference.isEmpty(), desired);
  }

  /** The object's JSON with large payloads as the informer holds them ({@link PayloadDigests}). */
  private JsonNode comparable(HasMetadata object, KubernetesSerialization json) {
    return PayloadDigests.comparable(resourceType(), json.convertValue(object, JsonNode.class));
  }

  /**
   * Writes desired's owned fields over actual, keeping what the API server and other controllers
   * hold on tolerated paths, with actual's resourceVersion so that a concurrent change conflicts.
   */
  @Override
  public R update(
      R actual, R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    return write(actual, desired, primary, context, "Updated");
  }

  private R write(
      R actual,
      R desired,
      CausalGymMonitoring primary,
      Context<CausalGymMonitoring> context,
      String verb) {
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    OwnedFields fields = owned.fields(ReconcileInputs.of(context).plan());
    JsonNode current = json.convertValue(actual, JsonNode.class);
    // The field the Event names is the one match() found: taken before addMetadata renews JOSDK's
    // javaoperatorsdk.io/previous annotation, which then differs on every update and came first.
    Optional<String> matched =
        fields
            .firstDifference(
                comparable(desired, json),
                // A copy: current is merged into below, with its payloads whole where it has them.
                PayloadDigests.comparable(resourceType(), current.deepCopy()))
            .map(PayloadDigests::named);
    addMetadata(false, actual, desired, primary, context);
    JsonNode wanted = json.convertValue(desired, JsonNode.class);
    Optional<String> immutable = fields.immutableDifference(wanted, current);
    if (immutable.isPresent()) {
      deleteForReplacement(actual, context);
      R created;
      try {
        created = createMarked(desired, primary, context);
      } catch (KubernetesClientException e) {
        throw refusedOrRethrown(e, "create", desired, " (replacing it: " + immutable.get() + ")");
      }
      changed("Replaced", created, " (" + immutable.get() + ")", primary, context);
      return created;
    }
    String difference = matched.orElse("metadata");
    JsonNode mergedJson = fields.merged(wanted, current);
    PayloadDigests.digestAt(resourceType(), mergedJson)
        .ifPresent(
            path -> {
              throw new IllegalStateException(
                  "a payload the informer holds as a digest would be written at " + path);
            });
    R updated;
    try {
      updated = updated(mergedJson, context);
    } catch (KubernetesClientException e) {
      throw refusedOrRethrown(e, "update", desired, " (" + difference + ")");
    }
    changed(verb, updated, " (" + difference + ")", primary, context);
    return updated;
  }

  /**
   * Sends the merged JSON as it is and reads the answer as the kind. Not read into the model first:
   * the operator's client reads a digested kind's spec as its digest ({@link
   * PayloadDigests#specsReadAsDigests}), and the spec would be lost.
   */
  private R updated(JsonNode merged, Context<CausalGymMonitoring> context) {
    KubernetesSerialization json = context.getClient().getKubernetesSerialization();
    GenericKubernetesResource answer =
        context
            .getClient()
            .genericKubernetesResources(ResourceDefinitionContext.fromResourceType(resourceType()))
            .resource(json.convertValue(merged, GenericKubernetesResource.class))
            .update();
    return json.convertValue(answer, resourceType());
  }

  /**
   * Deletes an object the API server will not change in place, so that it is created anew. Until
   * the API server has removed it (finalizers), the create conflicts and JOSDK retries with
   * back-off. A StatefulSet goes with orphan propagation: its pods and volume claims stay, the new
   * StatefulSet (same selector) adopts the pods (kubernetes v1.32 pkg/controller/statefulset
   * stateful_set.go, ClaimPods through pkg/controller/controller_ref_manager.go) and reuses the
   * claims by name, owning them again per its retention policy (stateful_set_utils.go
   * updateClaimOwnerRefForSetAndPod): the samples are kept.
   */
  private static void deleteForReplacement(
      HasMetadata actual, Context<CausalGymMonitoring> context) {
    context
        .getClient()
        .resource(actual)
        .withPropagationPolicy(
            actual instanceof StatefulSet
                ? DeletionPropagation.ORPHAN
                : DeletionPropagation.BACKGROUND)
        .delete();
  }

  /** Desired with a random value at each generated path it leaves unset (a new password). */
  private R withGenerated(
      R desired, CausalGymMonitoring primary, Context<CausalGymMonitoring> context) {
    List<List<String>> paths = owned.fields(ReconcileInputs.of(context).plan()).generatedPaths();
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
    ReconcileInputs inputs = ReconcileInputs.of(context);
    inputs.metrics().desiredBuilt();
    R desired = resourceType().cast(owned.desired(inputs.plan()));
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
