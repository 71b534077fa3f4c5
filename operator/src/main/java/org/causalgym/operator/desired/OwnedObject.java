package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The registry of owned objects: every kind of object one CausalGymMonitoring becomes, in creation
 * order, as data: its type, when it is wanted, which of the plan's names it carries, its builder
 * and the fields it owns. Whether it is wanted, and why not, is the {@link GymPlan}'s decision. The
 * reconciler's workflow is built from this list; adding an owned kind is adding an entry here (plus
 * its builder, golden file and the chart's RBAC, which OwnedObjectRegistryTest checks).
 */
public enum OwnedObject {
  DEPLOYMENT(
      Deployment.class,
      WantedWhen.ALWAYS,
      GymPlan.Names::gym,
      DeploymentModel::desired,
      DeploymentModel::fields),
  SERVICE(
      Service.class,
      WantedWhen.ALWAYS,
      GymPlan.Names::gym,
      ServiceModel::desired,
      ServiceModel::fields),
  SERVICE_MONITOR(
      ServiceMonitor.class,
      WantedWhen.PROMETHEUS_OPERATOR,
      GymPlan.Names::gym,
      ServiceMonitorModel::desired),
  PROMETHEUS_RULE(
      PrometheusRule.class,
      WantedWhen.PROMETHEUS_OPERATOR,
      GymPlan.Names::gym,
      plan -> PrometheusRuleModel.desired(plan.resource(), plan.names().ruleGroup(), plan.rules())),
  ALERTMANAGER_CONFIG(
      AlertmanagerConfig.class,
      WantedWhen.PROMETHEUS_OPERATOR_ALERTMANAGER,
      GymPlan.Names::gym,
      AlertmanagerConfigModel::desired),
  PLAIN_ALERTMANAGER_CONFIG(
      Secret.class,
      WantedWhen.PLAIN_FORM_ALERTMANAGER,
      GymPlan.Names::plainAlertmanagerConfig,
      PlainAlertmanagerConfigModel::desired),
  PLAIN_PROMETHEUS_CONFIG(
      ConfigMap.class,
      WantedWhen.PLAIN_FORM,
      GymPlan.Names::plainPrometheusConfig,
      PlainPrometheusConfigModel::desired),
  DASHBOARDS(
      ConfigMap.class,
      WantedWhen.DASHBOARDS_AS_CONFIG_MAP,
      GymPlan.Names::dashboards,
      DashboardModel::desired),
  GRAFANA_DASHBOARD(
      GrafanaDashboard.class,
      WantedWhen.DASHBOARDS_AS_GRAFANA_DASHBOARD,
      GymPlan.Names::gym,
      GrafanaDashboardModel::desired),
  FILEBEAT_CONFIG(
      ConfigMap.class, WantedWhen.LOGGING, GymPlan.Names::filebeatConfig, FilebeatModel::configMap),
  STACK_PROMETHEUS_SERVICE_ACCOUNT(
      ServiceAccount.class,
      WantedWhen.MANAGED_STACK,
      GymPlan.Names::stackPrometheus,
      StackPrometheusModel::serviceAccount,
      StackPrometheusModel::serviceAccountFields),
  STACK_PROMETHEUS_ROLE(
      Role.class,
      WantedWhen.MANAGED_STACK,
      GymPlan.Names::stackPrometheus,
      StackPrometheusModel::role),
  STACK_PROMETHEUS_ROLE_BINDING(
      RoleBinding.class,
      WantedWhen.MANAGED_STACK,
      GymPlan.Names::stackPrometheus,
      StackPrometheusModel::roleBinding),
  STACK_PROMETHEUS_DEPLOYMENT(
      Deployment.class,
      WantedWhen.MANAGED_PROMETHEUS_EPHEMERAL,
      GymPlan.Names::stackPrometheus,
      StackPrometheusModel::deployment,
      StackPrometheusModel::workloadFields),
  STACK_PROMETHEUS_STATEFUL_SET(
      StatefulSet.class,
      WantedWhen.MANAGED_PROMETHEUS_PERSISTENT,
      GymPlan.Names::stackPrometheus,
      StackPrometheusModel::statefulSet,
      StackPrometheusModel::workloadFields),
  STACK_PROMETHEUS_SERVICE(
      Service.class,
      WantedWhen.MANAGED_STACK,
      GymPlan.Names::stackPrometheus,
      StackPrometheusModel::service,
      ServiceModel::fields),
  STACK_ALERTMANAGER_DEPLOYMENT(
      Deployment.class,
      WantedWhen.MANAGED_STACK_ALERTMANAGER,
      GymPlan.Names::stackAlertmanager,
      StackAlertmanagerModel::deployment,
      plan -> StackWorkloads.workloadFields()),
  STACK_ALERTMANAGER_SERVICE(
      Service.class,
      WantedWhen.MANAGED_STACK_ALERTMANAGER,
      GymPlan.Names::stackAlertmanager,
      StackAlertmanagerModel::service,
      ServiceModel::fields),
  STACK_GRAFANA_PROVISIONING(
      ConfigMap.class,
      WantedWhen.MANAGED_STACK,
      GymPlan.Names::stackGrafana,
      StackGrafanaModel::provisioning),
  STACK_GRAFANA_ADMIN_SECRET(
      Secret.class,
      WantedWhen.MANAGED_GRAFANA_GENERATED_ADMIN,
      GymPlan.Names::stackGrafana,
      StackGrafanaModel::adminSecret,
      StackGrafanaModel::adminSecretFields),
  STACK_GRAFANA_DEPLOYMENT(
      Deployment.class,
      WantedWhen.MANAGED_STACK,
      GymPlan.Names::stackGrafana,
      StackGrafanaModel::deployment,
      plan -> StackWorkloads.workloadFields()),
  STACK_GRAFANA_SERVICE(
      Service.class,
      WantedWhen.MANAGED_STACK,
      GymPlan.Names::stackGrafana,
      StackGrafanaModel::service,
      ServiceModel::fields);

  private final Class<? extends HasMetadata> type;
  private final WantedWhen when;
  private final Function<GymPlan.Names, String> name;
  private final Function<GymPlan, ? extends HasMetadata> builder;
  private final Function<GymPlan, OwnedFields> fields;

  OwnedObject(
      Class<? extends HasMetadata> type,
      WantedWhen when,
      Function<GymPlan.Names, String> name,
      Function<GymPlan, ? extends HasMetadata> builder) {
    this(type, when, name, builder, plan -> OwnedFields.everythingWritten());
  }

  OwnedObject(
      Class<? extends HasMetadata> type,
      WantedWhen when,
      Function<GymPlan.Names, String> name,
      Function<GymPlan, ? extends HasMetadata> builder,
      Function<GymPlan, OwnedFields> fields) {
    this.type = type;
    this.when = when;
    this.name = name;
    this.builder = builder;
    this.fields = fields;
  }

  /** The Fabric8 model class of the object. */
  public Class<? extends HasMetadata> type() {
    return type;
  }

  public String kind() {
    return HasMetadata.getKind(type);
  }

  /** When the object is wanted: what the cluster and the spec must say. */
  public WantedWhen wantedWhen() {
    return when;
  }

  /**
   * Whether the object can stop being wanted while its resource lives (a switch in the spec, or a
   * cluster that gains the prometheus-operator): then it must be deleted.
   */
  public boolean canBeUnwanted() {
    return when.canBeUnwanted();
  }

  /** Whether the plan wants the object, or why not. */
  public GymPlan.Decision decision(GymPlan plan) {
    return plan.decision(when);
  }

  /** The object's name, known without building it: one of the plan's names. */
  public String name(GymPlan.Names names) {
    return name.apply(names);
  }

  public HasMetadata desired(GymPlan plan) {
    return builder.apply(plan);
  }

  /**
   * Which fields of the object the operator owns for this plan, with those of its kind the API
   * server will not change in place.
   */
  public OwnedFields fields(GymPlan plan) {
    return fields.apply(plan).immutableAt(ImmutableFields.of(type));
  }

  /** The objects the plan wants, in the registry's order. */
  public static List<HasMetadata> desiredObjects(GymPlan plan) {
    return Arrays.stream(values())
        .filter(o -> o.decision(plan).wanted())
        .<HasMetadata>map(o -> o.desired(plan))
        .toList();
  }
}
