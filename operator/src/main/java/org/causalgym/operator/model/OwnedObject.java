package org.causalgym.operator.model;

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
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * The registry of owned objects: every kind of object one CausalGymMonitoring becomes, in creation
 * order, with its type, its builder, the fields it owns, what the cluster must offer and the spec
 * switch that turns it off. The reconciler's workflow is built from this list; adding an owned kind
 * is adding an entry here (plus its builder, golden file and the chart's RBAC, which
 * OwnedObjectRegistryTest checks).
 */
public enum OwnedObject {
  DEPLOYMENT(
      Deployment.class,
      "",
      Requires.NOTHING,
      null,
      DeploymentModel::desired,
      DeploymentModel::fields),
  SERVICE(Service.class, "", Requires.NOTHING, null, ServiceModel::desired, ServiceModel::fields),
  SERVICE_MONITOR(
      ServiceMonitor.class, "", Requires.PROMETHEUS_OPERATOR, null, ServiceMonitorModel::desired),
  PROMETHEUS_RULE(
      PrometheusRule.class, "", Requires.PROMETHEUS_OPERATOR, null, PrometheusRuleModel::desired),
  ALERTMANAGER_CONFIG(
      AlertmanagerConfig.class,
      "",
      Requires.PROMETHEUS_OPERATOR,
      Switch.ALERTMANAGER,
      AlertmanagerConfigModel::desired),
  STANDALONE_ALERTMANAGER(
      Secret.class,
      StandaloneAlertmanagerModel.SUFFIX,
      Requires.NO_PROMETHEUS_OPERATOR,
      Switch.ALERTMANAGER,
      StandaloneAlertmanagerModel::desired),
  STANDALONE_PROMETHEUS(
      ConfigMap.class,
      StandalonePrometheusModel.SUFFIX,
      Requires.NO_PROMETHEUS_OPERATOR,
      null,
      StandalonePrometheusModel::desired),
  DASHBOARDS(
      ConfigMap.class,
      DashboardModel.SUFFIX,
      Requires.NO_GRAFANA_DASHBOARD,
      Switch.DASHBOARDS,
      DashboardModel::desired),
  GRAFANA_DASHBOARD(
      GrafanaDashboard.class,
      "",
      Requires.GRAFANA_DASHBOARD,
      Switch.DASHBOARDS,
      GrafanaDashboardModel::desired),
  FILEBEAT_CONFIG(
      ConfigMap.class,
      FilebeatModel.SUFFIX,
      Requires.NOTHING,
      Switch.LOGGING,
      FilebeatModel::configMap),
  STACK_PROMETHEUS_SERVICE_ACCOUNT(
      ServiceAccount.class,
      StandalonePrometheusModel.SUFFIX,
      Requires.MANAGED_STACK,
      null,
      StackPrometheusModel::serviceAccount,
      StackPrometheusModel::serviceAccountFields),
  STACK_PROMETHEUS_ROLE(
      Role.class,
      StandalonePrometheusModel.SUFFIX,
      Requires.MANAGED_STACK,
      null,
      StackPrometheusModel::role),
  STACK_PROMETHEUS_ROLE_BINDING(
      RoleBinding.class,
      StandalonePrometheusModel.SUFFIX,
      Requires.MANAGED_STACK,
      null,
      StackPrometheusModel::roleBinding),
  STACK_PROMETHEUS_DEPLOYMENT(
      Deployment.class,
      StandalonePrometheusModel.SUFFIX,
      Requires.MANAGED_PROMETHEUS_EPHEMERAL,
      null,
      StackPrometheusModel::deployment,
      StackPrometheusModel::workloadFields),
  STACK_PROMETHEUS_STATEFUL_SET(
      StatefulSet.class,
      StandalonePrometheusModel.SUFFIX,
      Requires.MANAGED_PROMETHEUS_PERSISTENT,
      null,
      StackPrometheusModel::statefulSet,
      StackPrometheusModel::workloadFields),
  STACK_PROMETHEUS_SERVICE(
      Service.class,
      StandalonePrometheusModel.SUFFIX,
      Requires.MANAGED_STACK,
      null,
      StackPrometheusModel::service,
      ServiceModel::fields),
  STACK_ALERTMANAGER_DEPLOYMENT(
      Deployment.class,
      StandaloneAlertmanagerModel.SUFFIX,
      Requires.MANAGED_STACK,
      Switch.ALERTMANAGER,
      StackAlertmanagerModel::deployment,
      cr -> StackWorkloads.workloadFields()),
  STACK_ALERTMANAGER_SERVICE(
      Service.class,
      StandaloneAlertmanagerModel.SUFFIX,
      Requires.MANAGED_STACK,
      Switch.ALERTMANAGER,
      StackAlertmanagerModel::service,
      ServiceModel::fields),
  STACK_GRAFANA_PROVISIONING(
      ConfigMap.class,
      "-" + StackWorkloads.GRAFANA,
      Requires.MANAGED_STACK,
      null,
      StackGrafanaModel::provisioning),
  STACK_GRAFANA_ADMIN_SECRET(
      Secret.class,
      "-" + StackWorkloads.GRAFANA,
      Requires.MANAGED_GRAFANA_GENERATED_ADMIN,
      null,
      StackGrafanaModel::adminSecret,
      StackGrafanaModel::adminSecretFields),
  STACK_GRAFANA_DEPLOYMENT(
      Deployment.class,
      "-" + StackWorkloads.GRAFANA,
      Requires.MANAGED_STACK,
      null,
      StackGrafanaModel::deployment,
      cr -> StackWorkloads.workloadFields()),
  STACK_GRAFANA_SERVICE(
      Service.class,
      "-" + StackWorkloads.GRAFANA,
      Requires.MANAGED_STACK,
      null,
      StackGrafanaModel::service,
      ServiceModel::fields);

  private static final String NOT_MANAGED = "spec.stack.mode is external";
  private static final String MANAGED_BY_STACK =
      "spec.stack.mode is managed: the managed Prometheus and Alertmanager read the ConfigMap"
          + " and Secret of the plain form";

  /** What the cluster and the spec must say for the object to be created. */
  private enum Requires {
    NOTHING,
    PROMETHEUS_OPERATOR,
    /** The stand-in for what the prometheus-operator would do, only where it does not run. */
    NO_PROMETHEUS_OPERATOR,
    /** The dashboards' ConfigMap, unless a GrafanaDashboard holds them. */
    NO_GRAFANA_DASHBOARD,
    /** The dashboards as grafana-operator's kind, as dashboards.mode decides. */
    GRAFANA_DASHBOARD,
    /** The stack the operator runs: spec.stack.mode managed. */
    MANAGED_STACK,
    /** The managed Prometheus without a storage size: a Deployment with an emptyDir. */
    MANAGED_PROMETHEUS_EPHEMERAL,
    /** The managed Prometheus with a storage size: a StatefulSet with a volume claim. */
    MANAGED_PROMETHEUS_PERSISTENT,
    /** The managed Grafana's admin Secret, where the spec names none. */
    MANAGED_GRAFANA_GENERATED_ADMIN;

    /** Only the plain form (no prometheus-operator) or a managed stack wants such an object. */
    boolean plainFormOrStackOnly() {
      return this == NO_PROMETHEUS_OPERATOR
          || this == MANAGED_STACK
          || this == MANAGED_PROMETHEUS_EPHEMERAL
          || this == MANAGED_PROMETHEUS_PERSISTENT
          || this == MANAGED_GRAFANA_GENERATED_ADMIN;
    }
  }

  /** A spec field that turns objects off. */
  private enum Switch {
    ALERTMANAGER("spec.alertmanager.enabled", cr -> cr.getSpec().alertmanager.enabled),
    DASHBOARDS("spec.dashboards.enabled", cr -> cr.getSpec().dashboards.enabled),
    LOGGING("spec.logging.enabled", FilebeatModel::enabled);

    private final String field;
    private final Predicate<CausalGymMonitoring> on;

    Switch(String field, Predicate<CausalGymMonitoring> on) {
      this.field = field;
      this.on = on;
    }
  }

  private final Class<? extends HasMetadata> type;
  private final String nameSuffix;
  private final Requires requires;
  private final Switch offSwitch;
  private final Function<CausalGymMonitoring, ? extends HasMetadata> builder;
  private final Function<CausalGymMonitoring, OwnedFields> fields;

  OwnedObject(
      Class<? extends HasMetadata> type,
      String nameSuffix,
      Requires requires,
      Switch offSwitch,
      Function<CausalGymMonitoring, ? extends HasMetadata> builder) {
    this(type, nameSuffix, requires, offSwitch, builder, cr -> OwnedFields.everythingWritten());
  }

  OwnedObject(
      Class<? extends HasMetadata> type,
      String nameSuffix,
      Requires requires,
      Switch offSwitch,
      Function<CausalGymMonitoring, ? extends HasMetadata> builder,
      Function<CausalGymMonitoring, OwnedFields> fields) {
    this.type = type;
    this.nameSuffix = nameSuffix;
    this.requires = requires;
    this.offSwitch = offSwitch;
    this.builder = builder;
    this.fields = fields;
  }

  /** The Fabric8 model class of the object. */
  public Class<? extends HasMetadata> type() {
    return type;
  }

  /**
   * Whether the cluster serves the object's kind, where it is another operator's: JOSDK starts the
   * object's informer only then.
   */
  public boolean kindServed(ServedKinds served) {
    return switch (requires) {
      case PROMETHEUS_OPERATOR -> served.prometheusOperator();
      case GRAFANA_DASHBOARD -> served.grafanaOperator();
      default -> true;
    };
  }

  /** Whether the object's kind is another operator's, which a cluster may or may not serve. */
  public boolean isOtherOperatorsKind() {
    return requires == Requires.PROMETHEUS_OPERATOR || requires == Requires.GRAFANA_DASHBOARD;
  }

  /**
   * Whether only the plain form or a managed stack uses the object's kind (ServiceAccount, Role,
   * RoleBinding, StatefulSet, Secret): a cluster with the prometheus-operator none of whose
   * resources runs a managed stack never holds one.
   */
  public boolean kindOnlyInPlainFormOrStacks() {
    return Arrays.stream(values())
        .filter(other -> other.type == type)
        .allMatch(other -> other.requires.plainFormOrStackOnly());
  }

  /**
   * The app.kubernetes.io/name label that tells this entry's objects from those of the other
   * entries of its kind, where its kind has several entries that are not always wanted (the Secrets
   * of the plain form's Alertmanager and of the managed Grafana); empty for the others.
   */
  public Optional<String> appNameAmongItsKind() {
    return switch (this) {
      case STANDALONE_ALERTMANAGER -> Optional.of(ResourceLabels.APP_NAME);
      case STACK_GRAFANA_ADMIN_SECRET -> Optional.of(StackWorkloads.GRAFANA);
      default -> Optional.empty();
    };
  }

  /** Whether this resource, on this cluster, wants some object of this one's kind. */
  public boolean kindWanted(CausalGymMonitoring cr, ServedKinds served) {
    return Arrays.stream(values())
        .filter(other -> other.type == type)
        .anyMatch(other -> other.skipReason(cr, served).isEmpty());
  }

  /**
   * Whether the object can stop being wanted while its resource lives (a switch in the spec, or a
   * cluster that gains the prometheus-operator): then it must be deleted.
   */
  public boolean canBeUnwanted() {
    return offSwitch != null || requires != Requires.NOTHING;
  }

  public String kind() {
    return HasMetadata.getKind(type);
  }

  /** The object's name, known without building it: the resource's name and a fixed suffix. */
  public String name(CausalGymMonitoring cr) {
    return cr.getMetadata().getName() + nameSuffix;
  }

  public HasMetadata desired(CausalGymMonitoring cr) {
    return builder.apply(cr);
  }

  /**
   * Which fields of the object the operator owns for this resource, with those of its kind the API
   * server will not change in place.
   */
  public OwnedFields fields(CausalGymMonitoring cr) {
    return fields.apply(cr).immutableAt(ImmutableFields.of(type));
  }

  /**
   * Why the object is not wanted for this resource on this cluster, or empty when it is.
   *
   * @param served the kinds of other operators the cluster serves
   */
  public Optional<String> skipReason(CausalGymMonitoring cr, ServedKinds served) {
    if (offSwitch != null && !offSwitch.on.test(cr)) {
      return Optional.of(offSwitch.field + " is false");
    }
    boolean managed = StackPrometheusModel.managed(cr);
    return switch (requires) {
      case NOTHING -> Optional.empty();
      case PROMETHEUS_OPERATOR ->
          managed ? Optional.of(MANAGED_BY_STACK) : served.prometheusOperatorUnavailable();
      case NO_PROMETHEUS_OPERATOR ->
          served.prometheusOperator() && !managed
              ? Optional.of(
                  "the prometheus-operator runs here; ServiceMonitor, PrometheusRule and"
                      + " AlertmanagerConfig do this")
              : Optional.empty();
      case MANAGED_STACK -> managed ? Optional.empty() : Optional.of(NOT_MANAGED);
      case MANAGED_PROMETHEUS_EPHEMERAL ->
          !managed
              ? Optional.of(NOT_MANAGED)
              : StackPrometheusModel.persistent(cr)
                  ? Optional.of(
                      "spec.stack.prometheus.storage.size is set; a StatefulSet keeps the samples")
                  : Optional.empty();
      case MANAGED_PROMETHEUS_PERSISTENT ->
          !managed
              ? Optional.of(NOT_MANAGED)
              : StackPrometheusModel.persistent(cr)
                  ? Optional.empty()
                  : Optional.of(
                      "spec.stack.prometheus.storage.size is empty; a Deployment keeps the samples"
                          + " in an emptyDir");
      case MANAGED_GRAFANA_GENERATED_ADMIN ->
          !managed
              ? Optional.of(NOT_MANAGED)
              : StackGrafanaModel.generatesAdminSecret(cr)
                  ? Optional.empty()
                  : Optional.of(
                      "spec.stack.grafana.adminSecret names the Secret "
                          + cr.getSpec().stack.grafana.adminSecret);
      case NO_GRAFANA_DASHBOARD ->
          GrafanaDashboardModel.chosen(cr, served)
              ? Optional.of(
                  "spec.dashboards.mode is "
                      + cr.getSpec().dashboards.mode
                      + "; the GrafanaDashboard "
                      + cr.getMetadata().getName()
                      + " holds the dashboards")
              : Optional.empty();
      case GRAFANA_DASHBOARD -> {
        if (!GrafanaDashboardModel.chosen(cr, served)) {
          yield Optional.of(
              "spec.dashboards.mode is "
                  + cr.getSpec().dashboards.mode
                  + (served.grafanaOperator()
                      ? ""
                      : " and the cluster does not serve " + ServedKinds.GRAFANA_DASHBOARDS)
                  + "; the ConfigMap "
                  + cr.getMetadata().getName()
                  + DashboardModel.SUFFIX
                  + " holds the dashboards");
        }
        yield served.grafanaOperator()
            ? Optional.empty()
            : Optional.of(
                "spec.dashboards.mode is grafanaOperator but the cluster does not serve "
                    + ServedKinds.GRAFANA_DASHBOARDS
                    + "; install grafana-operator or set the mode to auto or configMap");
      }
    };
  }

  /** The objects a valid resource becomes on a cluster that serves these kinds. */
  public static List<HasMetadata> desiredObjects(CausalGymMonitoring cr, ServedKinds served) {
    return Arrays.stream(values())
        .filter(o -> o.skipReason(cr, served).isEmpty())
        .<HasMetadata>map(o -> o.desired(cr))
        .toList();
  }
}
