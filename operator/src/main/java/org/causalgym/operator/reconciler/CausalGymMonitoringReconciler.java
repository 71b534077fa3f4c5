package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.model.SpecValidator;
import org.causalgym.operator.model.SpecViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the spec, then has JOSDK apply every owned object, then reports in status. The workflow
 * is invoked explicitly so that an invalid spec writes nothing at all.
 */
@ControllerConfiguration(name = "causalgymmonitoring")
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "deployment", type = DeploymentDependent.class),
      @Dependent(name = "service", type = ServiceDependent.class),
      @Dependent(
          name = "servicemonitor",
          type = ServiceMonitorDependent.class,
          activationCondition = PrometheusOperatorInstalled.class),
      @Dependent(
          name = "prometheusrule",
          type = PrometheusRuleDependent.class,
          activationCondition = PrometheusOperatorInstalled.class),
      @Dependent(
          name = "alertmanagerconfig",
          type = AlertmanagerConfigDependent.class,
          activationCondition = PrometheusOperatorInstalled.class,
          reconcilePrecondition = WantedForResource.class),
      @Dependent(
          name = "standalone-alertmanager",
          type = StandaloneAlertmanagerSecretDependent.class,
          reconcilePrecondition = WantedForResource.class),
      @Dependent(
          name = "dashboards",
          type = DashboardsConfigMapDependent.class,
          reconcilePrecondition = WantedForResource.class)
    })
public class CausalGymMonitoringReconciler implements Reconciler<CausalGymMonitoring> {

  /**
   * Without the prometheus-operator nothing would trigger a reconcile once it is installed, so look
   * again now and then; seldom enough to be no load.
   */
  static final Duration PROMETHEUS_OPERATOR_RECHECK = Duration.ofMinutes(5);

  /**
   * Secrets are not watched (caching every Secret of the cluster costs memory and rights), so a
   * missing one is looked for again at this pace until it appears.
   */
  static final Duration MISSING_SECRET_RECHECK = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(CausalGymMonitoringReconciler.class);

  private final Clock clock;

  public CausalGymMonitoringReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<CausalGymMonitoring> reconcile(
      CausalGymMonitoring resource, Context<CausalGymMonitoring> context) {
    List<SpecViolation> violations = SpecValidator.validate(resource);
    if (!violations.isEmpty()) {
      LOG.warn(
          "{}/{} has an invalid spec, nothing applied: {}",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          violations);
      return writeStatusIfChanged(
          resource, StatusReport.invalid(resource, violations, clock.instant()));
    }
    Optional<String> prometheusOperatorUnavailable =
        PrometheusOperatorDetector.unavailableReason(context.getClient());
    new PrometheusOperatorAvailability(prometheusOperatorUnavailable).store(context);
    context
        .managedWorkflowAndDependentResourceContext()
        .reconcileManagedWorkflow()
        .throwAggregateExceptionIfErrorsPresent();
    List<String> missingSecrets = MissingSecrets.find(context.getClient(), resource);

    UpdateControl<CausalGymMonitoring> control =
        writeStatusIfChanged(
            resource,
            StatusReport.reconciled(
                resource, prometheusOperatorUnavailable, missingSecrets, clock.instant()));
    if (!missingSecrets.isEmpty()) {
      control.rescheduleAfter(MISSING_SECRET_RECHECK);
    } else if (prometheusOperatorUnavailable.isPresent()) {
      control.rescheduleAfter(PROMETHEUS_OPERATOR_RECHECK);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<CausalGymMonitoring> updateErrorStatus(
      CausalGymMonitoring resource, Context<CausalGymMonitoring> context, Exception e) {
    LOG.error(
        "Reconcile of {}/{} failed",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        e);
    CausalGymMonitoringStatus status = StatusReport.failed(resource, e, clock.instant());
    if (!StatusReport.differs(resource.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    resource.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private static UpdateControl<CausalGymMonitoring> writeStatusIfChanged(
      CausalGymMonitoring resource, CausalGymMonitoringStatus status) {
    if (!StatusReport.differs(resource.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
