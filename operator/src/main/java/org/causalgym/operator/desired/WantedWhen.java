package org.causalgym.operator.desired;

/**
 * When a registry entry's objects are wanted: what the cluster and the spec must say, and the spec
 * switch that turns them off. Each entry of {@link OwnedObject} names one; {@link GymPlan} decides
 * each once per resource, with the reason where it is not wanted.
 */
public enum WantedWhen {
  ALWAYS(Requires.NOTHING, null),
  PROMETHEUS_OPERATOR(Requires.PROMETHEUS_OPERATOR, null),
  PROMETHEUS_OPERATOR_ALERTMANAGER(Requires.PROMETHEUS_OPERATOR, Switch.ALERTMANAGER),
  PLAIN_FORM(Requires.PLAIN_FORM, null),
  PLAIN_FORM_ALERTMANAGER(Requires.PLAIN_FORM, Switch.ALERTMANAGER),
  DASHBOARDS_AS_CONFIG_MAP(Requires.DASHBOARDS_AS_CONFIG_MAP, Switch.DASHBOARDS),
  DASHBOARDS_AS_GRAFANA_DASHBOARD(Requires.DASHBOARDS_AS_GRAFANA_DASHBOARD, Switch.DASHBOARDS),
  LOGGING(Requires.NOTHING, Switch.LOGGING),
  MANAGED_STACK(Requires.MANAGED_STACK, null),
  MANAGED_STACK_ALERTMANAGER(Requires.MANAGED_STACK, Switch.ALERTMANAGER),
  MANAGED_PROMETHEUS_EPHEMERAL(Requires.MANAGED_PROMETHEUS_EPHEMERAL, null),
  MANAGED_PROMETHEUS_PERSISTENT(Requires.MANAGED_PROMETHEUS_PERSISTENT, null),
  MANAGED_GRAFANA_GENERATED_ADMIN(Requires.MANAGED_GRAFANA_GENERATED_ADMIN, null);

  /** What the cluster and the spec must say. */
  public enum Requires {
    NOTHING,
    /** The prometheus-operator's kinds, served, and no managed stack. */
    PROMETHEUS_OPERATOR,
    /**
     * The plain form: the stand-in for what the prometheus-operator would do, where it does not run
     * or where the managed stack reads it.
     */
    PLAIN_FORM,
    /** The dashboards' ConfigMap, unless a GrafanaDashboard holds them. */
    DASHBOARDS_AS_CONFIG_MAP,
    /** The dashboards as grafana-operator's kind, as dashboards.mode decides. */
    DASHBOARDS_AS_GRAFANA_DASHBOARD,
    /** The managed stack: spec.stack.mode managed. */
    MANAGED_STACK,
    /** The managed Prometheus without a storage size: a Deployment with an emptyDir. */
    MANAGED_PROMETHEUS_EPHEMERAL,
    /** The managed Prometheus with a storage size: a StatefulSet with a volume claim. */
    MANAGED_PROMETHEUS_PERSISTENT,
    /** The managed Grafana's admin Secret, where the spec names none. */
    MANAGED_GRAFANA_GENERATED_ADMIN
  }

  /** A spec field that turns objects off. */
  enum Switch {
    ALERTMANAGER("spec.alertmanager.enabled"),
    DASHBOARDS("spec.dashboards.enabled"),
    LOGGING("spec.logging.enabled");

    final String field;

    Switch(String field) {
      this.field = field;
    }
  }

  final Requires requires;
  final Switch offSwitch;

  WantedWhen(Requires requires, Switch offSwitch) {
    this.requires = requires;
    this.offSwitch = offSwitch;
  }

  /** What the cluster and the spec must say. */
  public Requires requires() {
    return requires;
  }

  /**
   * Whether the object can stop being wanted while its resource lives (a switch in the spec, or a
   * cluster that gains the prometheus-operator): then it must be deleted.
   */
  public boolean canBeUnwanted() {
    return offSwitch != null || requires != Requires.NOTHING;
  }
}
