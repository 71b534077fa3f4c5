package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.causalgym.operator.admission.PrometheusTargets;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.runtime.OperatorMetrics;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.runtime.ResourceEvents;
import org.causalgym.operator.status.Obstacle;
import org.causalgym.operator.status.PrometheusSnapshot;
import org.causalgym.operator.status.ReadyReason;
import org.causalgym.operator.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Validates the spec, then has JOSDK apply every owned object, then reports in status what was
 * applied (Ready) and whether the gym is really monitored (Available, Selected, Observed). The
 * workflow ({@link OwnedObjectWorkflow}, built from the registry of owned objects) is invoked
 * explicitly so that an invalid spec writes nothing at all. JOSDK beyond the reconciler API is
 * reached through the {@code Josdk*Seam} classes only.
 */
@ControllerConfiguration(name = "causalgymmonitoring")
public class CausalGymMonitoringReconciler implements Reconciler<CausalGymMonitoring> {

  /** MDC key of the id of one reconcile pass, on every log line logged inside it. */
  public static final String RECONCILE_ID = "reconcileId";

  private static final Logger LOG = LoggerFactory.getLogger(CausalGymMonitoringReconciler.class);

  private final Clock clock;
  private final OperatorMetrics metrics;
  private final OperatorOptions options;
  private ClusterWatch cluster;
  private MonitoringConditions monitoring;
  private final AdmissionCache admissions;
  private final InSyncObjects inSyncObjects = new InSyncObjects();

  public CausalGymMonitoringReconciler(
      Clock clock, OperatorMetrics metrics, OperatorOptions options) {
    this.clock = clock;
    this.metrics = metrics;
    this.options = options;
    this.admissions = new AdmissionCache(metrics::admitted);
  }

  /**
   * Besides the owned objects' informers: what the cluster serves and whose selectors pick the
   * objects (watched), and what each named Prometheus reports (polled once per URL).
   */
  @Override
  public List<EventSource<?, CausalGymMonitoring>> prepareEventSources(
      EventSourceContext<CausalGymMonitoring> context) {
    cluster = new ClusterWatch(context.getClient(), context, options.watchNamespaces());
    PrometheusPoller prometheus =
        new PrometheusPoller(
            context,
            options.prometheusPoll(),
            new PrometheusCredentials(context.getClient()),
            clock,
            metrics);
    monitoring = new MonitoringConditions(cluster, prometheus);
    return List.of(cluster, prometheus);
  }

  @Override
  public UpdateControl<CausalGymMonitoring> reconcile(
      CausalGymMonitoring resource, Context<CausalGymMonitoring> context) {
    // JOSDK puts resource.namespace and resource.name in the MDC; the id ties one pass together.
    MDC.put(RECONCILE_ID, UUID.randomUUID().toString());
    try {
      return reconcileValidated(resource, context);
    } finally {
      MDC.remove(RECONCILE_ID);
    }
  }

  private UpdateControl<CausalGymMonitoring> reconcileValidated(
      CausalGymMonitoring resource, Context<CausalGymMonitoring> context) {
    metrics.observe(context.getPrimaryCache());
    Optional<PrometheusSnapshot.View> poll = monitoring.lastPoll(resource);
    PrometheusTarget target =
        PrometheusTargets.choose(resource, poll.map(PrometheusSnapshot.View::version));
    Supplier<Set<String>> live =
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(cr -> cr.getMetadata().getUid())
                .collect(Collectors.toSet());
    AdmissionCache.Admission admission = admissions.check(resource, target, live);
    List<SpecViolation> violations = admission.violations();
    if (!violations.isEmpty()) {
      metrics.invalidSpec();
      LOG.warn("Invalid spec, nothing applied: {}", violations);
      CausalGymMonitoringStatus status =
          StatusReport.invalid(resource, violations, clock.instant());
      if (StatusReport.differs(resource.getStatus(), status)) {
        ResourceEvents.notApplied(
            context.getClient(),
            resource,
            ReadyReason.InvalidSpec,
            StatusReport.ready(status).getMessage());
      }
      return writeStatusIfChanged(context, resource, status);
    }
    // The objects are built from the spec as an API server stores it: nulls pruned, defaults set.
    // JOSDK hands each reconcile its own copy of the resource, so it may be changed.
    resource.setSpec(admission.spec(resource));
    ServedKinds served = cluster.served();
    GymPlan plan = GymPlan.of(resource, served);
    ReconcileInputs inputs =
        new ReconcileInputs(
            plan,
            metrics,
            inSyncObjects.of(resource.getMetadata().getUid(), admission, served, live));
    inputs.store(context);
    // Status says what the workflow did, not what it was expected to do.
    Set<OwnedObject> applied;
    try {
      applied = JosdkWorkflowSeam.reconcile(context);
    } finally {
      // One Event per pass that wrote, not one per object: also for the writes of a pass that
      // then failed.
      tellChanges(context, resource, inputs.changes().values());
    }
    List<String> missingSecrets = MissingSecrets.find(context.getClient(), plan);
    List<Obstacle> obstacles = new ArrayList<>(inputs.obstacles().values());
    PrometheusVolumeClaim.follow(context.getClient(), plan).ifPresent(obstacles::add);
    obstacles.forEach(o -> LOG.warn("{}: {}", o.reason(), o.message()));

    CausalGymMonitoringStatus status =
        StatusReport.reconciled(plan, applied, missingSecrets, obstacles, clock.instant());
    monitoring.add(status, plan, context, applied, poll, clock.instant());
    for (Condition changed : StatusReport.transitions(resource.getStatus(), status)) {
      ResourceEvents.transition(context.getClient(), resource, changed);
    }
    UpdateControl<CausalGymMonitoring> control = writeStatusIfChanged(context, resource, status);
    // Neither a user's Secret nor a foreign object under our name is in an informer's view: both
    // are looked at again, slowly. A refusal waits for an edit of the spec or of the object.
    if (!missingSecrets.isEmpty()
        || obstacles.stream().anyMatch(o -> o.reason() == ReadyReason.Conflict)) {
      control.rescheduleAfter(options.missingSecretRecheck());
    }
    return control;
  }

  /** "Created Deployment gym; Created Service gym; …" under the reason all writes share. */
  private static void tellChanges(
      Context<CausalGymMonitoring> context,
      CausalGymMonitoring resource,
      Collection<ReconcileInputs.Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    Set<String> verbs =
        changes.stream().map(ReconcileInputs.Change::verb).collect(Collectors.toSet());
    ResourceEvents.applied(
        context.getClient(),
        resource,
        verbs.size() == 1 ? verbs.iterator().next() : "Applied",
        changes.stream().map(ReconcileInputs.Change::text).collect(Collectors.joining("; ")));
  }

  @Override
  public ErrorStatusUpdateControl<CausalGymMonitoring> updateErrorStatus(
      CausalGymMonitoring resource, Context<CausalGymMonitoring> context, Exception e) {
    LOG.error("Reconcile failed, JOSDK retries with back-off", e);
    CausalGymMonitoringStatus status = StatusReport.failed(resource, e, clock.instant());
    if (!StatusReport.differs(resource.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    ResourceEvents.notApplied(
        context.getClient(),
        resource,
        ReadyReason.ReconcileFailed,
        StatusReport.ready(status).getMessage());
    writeStatus(context, resource, status);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private static UpdateControl<CausalGymMonitoring> writeStatusIfChanged(
      Context<CausalGymMonitoring> context,
      CausalGymMonitoring resource,
      CausalGymMonitoringStatus status) {
    if (StatusReport.differs(resource.getStatus(), status)) {
      Condition ready = StatusReport.ready(status);
      LOG.info("Ready={} {}: {}", ready.getStatus(), ready.getReason(), ready.getMessage());
      writeStatus(context, resource, status);
    }
    return UpdateControl.noUpdate();
  }

  /**
   * Replaces the whole status with one JSON Patch "add" of /status, which sets it whether or not it
   * exists: idempotent, and needing no resourceVersion. The operator is the only writer of status,
   * and what it writes is complete. JOSDK's patchStatus without Server-Side Apply sends a JSON
   * Patch of the differences to its cached copy instead; against a stale cache that patch inserts
   * list entries a second time (receivers [sink, oncall, oncall] was seen in CI).
   */
  private static void writeStatus(
      Context<CausalGymMonitoring> context,
      CausalGymMonitoring resource,
      CausalGymMonitoringStatus status) {
    resource.setStatus(status);
    // On the resource itself: a patch by name would read the object first.
    CausalGymMonitoring updated =
        context
            .getClient()
            .resource(resource)
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON),
                context
                    .getClient()
                    .getKubernetesSerialization()
                    .asJson(List.of(Map.of("op", "add", "path", "/status", "value", status))));
    // The next reconcile must start from this status, not from an informer that has not seen it
    // yet: a condition's transition (its Event) is judged against it. Not when the patch landed on
    // a newer spec (an edit made during this reconcile): JOSDK would take the edit's own watch
    // event for one it already knows, and the edit could wait for an unrelated event.
    if (Objects.equals(
        updated.getMetadata().getGeneration(), resource.getMetadata().getGeneration())) {
      JosdkPrimaryCacheSeam.wrote(context, updated, resource);
    }
  }
}
