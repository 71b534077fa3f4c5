package org.causalgym.operator.desired;

import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.DashboardsMode;
import org.causalgym.operator.api.LoggingSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.StackMode;

/**
 * What one admitted CausalGymMonitoring becomes on a cluster, resolved once: every owned object's
 * name, every mode, the alert rules, the Secret references, and for each {@link WantedWhen} whether
 * its objects are wanted or why not. The builders, status and the workflow's conditions read it;
 * none of them derives these facts again.
 *
 * @param resource the admitted resource, whose spec the builders copy
 * @param served the kinds of other operators the cluster serves
 * @param rules the rules of the resource's group (alerts, and the objectives' recordings), in the
 *     PrometheusRule's and the plain form's order
 * @param secretReferences every Secret key the spec refers to for what is deployed
 * @param receiverSecrets the Secret keys of the Alertmanager receivers, which Alertmanager reads
 * @param decisions whether the objects of each registry condition are wanted
 */
public record GymPlan(
    CausalGymMonitoring resource,
    ServedKinds served,
    Names names,
    Modes modes,
    List<Rule> rules,
    List<SecretReferences.Reference> secretReferences,
    List<SecretReferences.Reference> receiverSecrets,
    Map<WantedWhen, Decision> decisions) {

  private static final String NOT_MANAGED = "spec.stack.mode is external";
  private static final String MANAGED_BY_STACK =
      "spec.stack.mode is managed: the managed Prometheus and Alertmanager read the ConfigMap"
          + " and Secret of the plain form";

  public GymPlan {
    rules = List.copyOf(rules);
    secretReferences = List.copyOf(secretReferences);
    receiverSecrets = List.copyOf(receiverSecrets);
    decisions = Map.copyOf(decisions);
  }

  /**
   * The name of every object a resource may become, and of what they refer to: the one place a name
   * is built from the resource's. Known from the metadata alone, so also for a resource not yet
   * admitted.
   *
   * @param gym the gym's Deployment and Service, the ServiceMonitor, PrometheusRule,
   *     AlertmanagerConfig and GrafanaDashboard: the resource's name
   * @param plainPrometheusConfig the plain form's ConfigMap for Prometheus
   * @param plainAlertmanagerConfig the plain form's Secret with alertmanager.yaml
   * @param stackPrometheus the managed Prometheus' objects (the plain form's name: the managed
   *     Prometheus reads that ConfigMap)
   * @param stackAlertmanager the managed Alertmanager's objects
   * @param stackGrafana the managed Grafana's objects
   * @param ruleGroup the alert rules' group, unique per resource
   */
  public record Names(
      String gym,
      String namespace,
      String plainPrometheusConfig,
      String plainAlertmanagerConfig,
      String dashboards,
      String filebeatConfig,
      String stackPrometheus,
      String stackAlertmanager,
      String stackGrafana,
      String ruleGroup) {

    public static Names of(CausalGymMonitoring cr) {
      String name = cr.getMetadata().getName();
      String prometheus = name + "-" + StackWorkloads.PROMETHEUS;
      String alertmanager = name + "-" + StackWorkloads.ALERTMANAGER;
      return new Names(
          name,
          cr.getMetadata().getNamespace(),
          prometheus,
          alertmanager,
          name + "-dashboards",
          name + "-filebeat",
          prometheus,
          alertmanager,
          name + "-" + StackWorkloads.GRAFANA,
          PrometheusRuleModel.groupName(cr));
    }

    /** The managed Prometheus StatefulSet's one pod: {@code <set>-0}. */
    public String stackPrometheusPod() {
      return stackPrometheus + "-0";
    }

    /**
     * The claim the StatefulSet controller creates for its one pod: {@code
     * <template>-<set>-<ordinal>} (kubernetes v1.32
     * pkg/controller/statefulset/stateful_set_utils.go getPersistentVolumeClaimName).
     */
    public String stackPrometheusClaim() {
      return StackWorkloads.PROMETHEUS_DATA_VOLUME + "-" + stackPrometheusPod();
    }

    public String stackPrometheusUrl() {
      return url(stackPrometheus, StackWorkloads.PROMETHEUS_PORT);
    }

    public String stackAlertmanagerUrl() {
      return url(stackAlertmanager, StackWorkloads.ALERTMANAGER_PORT);
    }

    public String stackGrafanaUrl() {
      return url(stackGrafana, StackWorkloads.GRAFANA_PORT);
    }

    /** The managed Alertmanager as the managed Prometheus addresses it, in its namespace. */
    public String stackAlertmanagerTarget() {
      return stackAlertmanager + ":" + StackWorkloads.ALERTMANAGER_PORT;
    }

    /** The in-cluster URL of a managed server's Service. */
    private String url(String service, int port) {
      return "http://" + service + "." + namespace + ".svc:" + port;
    }
  }

  /** Where the dashboards go. */
  public enum DashboardsForm {
    /** ConfigMap {@code <name>-dashboards}, for a Grafana sidecar or the managed Grafana. */
    CONFIG_MAP,
    /** A GrafanaDashboard {@code <name>} that grafana-operator imports. */
    GRAFANA_DASHBOARD
  }

  /**
   * How the resource is deployed.
   *
   * @param managedStack spec.stack.mode is managed: the operator runs Prometheus, Alertmanager and
   *     Grafana
   * @param persistentPrometheus the managed Prometheus keeps its samples in a volume claim (a
   *     StatefulSet) rather than an emptyDir
   * @param generatedGrafanaAdmin the operator generates the managed Grafana's admin Secret, since
   *     the spec names none
   * @param dashboardsForm where the dashboards go (with dashboards switched off: where they would)
   * @param alertmanager spec.alertmanager.enabled
   * @param dashboards spec.dashboards.enabled
   * @param logging spec.logging.enabled
   */
  public record Modes(
      boolean managedStack,
      boolean persistentPrometheus,
      boolean generatedGrafanaAdmin,
      DashboardsForm dashboardsForm,
      boolean alertmanager,
      boolean dashboards,
      boolean logging) {}

  /** Whether objects are wanted, or why not (the text status shows). */
  public sealed interface Decision {
    Decision WANTED = new Wanted();

    /** Empty where wanted. */
    Optional<String> skipReason();

    default boolean wanted() {
      return skipReason().isEmpty();
    }

    /** Wanted. */
    record Wanted() implements Decision {
      @Override
      public Optional<String> skipReason() {
        return Optional.empty();
      }
    }

    /** Not wanted, because of the reason. */
    record Skipped(String reason) implements Decision {
      @Override
      public Optional<String> skipReason() {
        return Optional.of(reason);
      }
    }
  }

  /** Resolves an admitted resource (defaults set) on a cluster that serves these kinds. */
  public static GymPlan of(CausalGymMonitoring admitted, ServedKinds served) {
    var spec = admitted.getSpec();
    boolean managed = managedStack(admitted);
    String size = managed ? spec.stack.prometheus.storage.size : null;
    boolean persistent = size != null && !size.isEmpty();
    boolean generatedAdmin = managed && spec.stack.grafana.adminSecret.isEmpty();
    // The managed Grafana loads the ConfigMap.
    boolean grafanaDashboard =
        !managed
            && (spec.dashboards.mode == DashboardsMode.grafanaOperator
                || (spec.dashboards.mode == DashboardsMode.auto && served.grafanaOperator()));
    Modes modes =
        new Modes(
            managed,
            persistent,
            generatedAdmin,
            grafanaDashboard ? DashboardsForm.GRAFANA_DASHBOARD : DashboardsForm.CONFIG_MAP,
            spec.alertmanager.enabled,
            spec.dashboards.enabled,
            spec.logging.enabled);
    Names names = Names.of(admitted);
    Map<WantedWhen, Decision> decisions = new EnumMap<>(WantedWhen.class);
    for (WantedWhen when : WantedWhen.values()) {
      decisions.put(when, decide(when, admitted, names, modes, served));
    }
    List<SecretReferences.Reference> receivers = SecretReferences.receivers(admitted);
    return new GymPlan(
        admitted,
        served,
        names,
        modes,
        PrometheusRuleModel.rules(admitted),
        secretReferences(admitted, modes, receivers),
        receivers,
        decisions);
  }

  /** The alert rules among the group's rules: what status.alertRules counts. */
  public int alertCount() {
    return (int) rules.stream().filter(rule -> rule.getAlert() != null).count();
  }

  /** Whether spec.stack.mode is managed; also for a resource not yet admitted. */
  public static boolean managedStack(CausalGymMonitoring cr) {
    return cr.getSpec() != null
        && cr.getSpec().stack != null
        && cr.getSpec().stack.mode == StackMode.managed;
  }

  /**
   * The Prometheus whose HTTP API condition Observed reads: spec.prometheus.url, else the managed
   * one; also for a resource not yet admitted.
   */
  public static Optional<String> observedUrl(CausalGymMonitoring cr) {
    if (cr.getSpec() == null || cr.getSpec().prometheus == null) {
      return Optional.empty();
    }
    String url = cr.getSpec().prometheus.url;
    if (url != null && !url.isEmpty()) {
      return Optional.of(url);
    }
    return managedStack(cr) ? Optional.of(Names.of(cr).stackPrometheusUrl()) : Optional.empty();
  }

  /** The Prometheus whose HTTP API condition Observed reads, if any. */
  public Optional<String> observedUrl() {
    return observedUrl(resource);
  }

  /** Whether the objects of a registry entry with this condition are wanted. */
  public Decision decision(WantedWhen when) {
    return decisions.get(when);
  }

  /** The Secret the managed Grafana reads its admin credentials from. */
  public String grafanaAdminSecret() {
    return modes.generatedGrafanaAdmin
        ? names.stackGrafana
        : resource.getSpec().stack.grafana.adminSecret;
  }

  private static Decision decide(
      WantedWhen when, CausalGymMonitoring cr, Names names, Modes modes, ServedKinds served) {
    if (when.offSwitch != null && !switchedOn(when.offSwitch, modes)) {
      return skipped(when.offSwitch.field + " is false");
    }
    boolean managed = modes.managedStack;
    String dashboardsMode = "spec.dashboards.mode is " + cr.getSpec().dashboards.mode;
    return switch (when.requires) {
      case NOTHING -> Decision.WANTED;
      case PROMETHEUS_OPERATOR ->
          managed
              ? skipped(MANAGED_BY_STACK)
              : served
                  .prometheusOperatorUnavailable()
                  .<Decision>map(Decision.Skipped::new)
                  .orElse(Decision.WANTED);
      case PLAIN_FORM ->
          served.prometheusOperator() && !managed
              ? skipped(
                  "the prometheus-operator runs here; ServiceMonitor, PrometheusRule and"
                      + " AlertmanagerConfig do this")
              : Decision.WANTED;
      case MANAGED_STACK -> managed ? Decision.WANTED : skipped(NOT_MANAGED);
      case MANAGED_PROMETHEUS_EPHEMERAL ->
          !managed
              ? skipped(NOT_MANAGED)
              : modes.persistentPrometheus
                  ? skipped(
                      "spec.stack.prometheus.storage.size is set; a StatefulSet keeps the samples")
                  : Decision.WANTED;
      case MANAGED_PROMETHEUS_PERSISTENT ->
          !managed
              ? skipped(NOT_MANAGED)
              : modes.persistentPrometheus
                  ? Decision.WANTED
                  : skipped(
                      "spec.stack.prometheus.storage.size is empty; a Deployment keeps the samples"
                          + " in an emptyDir");
      case MANAGED_GRAFANA_GENERATED_ADMIN ->
          !managed
              ? skipped(NOT_MANAGED)
              : modes.generatedGrafanaAdmin
                  ? Decision.WANTED
                  : skipped(
                      "spec.stack.grafana.adminSecret names the Secret "
                          + cr.getSpec().stack.grafana.adminSecret);
      case DASHBOARDS_AS_CONFIG_MAP ->
          modes.dashboardsForm == DashboardsForm.GRAFANA_DASHBOARD
              ? skipped(
                  dashboardsMode + "; the GrafanaDashboard " + names.gym + " holds the dashboards")
              : Decision.WANTED;
      case DASHBOARDS_AS_GRAFANA_DASHBOARD -> {
        if (modes.dashboardsForm == DashboardsForm.CONFIG_MAP) {
          yield skipped(
              dashboardsMode
                  + (served.grafanaOperator()
                      ? ""
                      : " and the cluster does not serve " + ServedKinds.GRAFANA_DASHBOARDS)
                  + "; the ConfigMap "
                  + names.dashboards
                  + " holds the dashboards");
        }
        yield served.grafanaOperator()
            ? Decision.WANTED
            : skipped(
                "spec.dashboards.mode is grafanaOperator but the cluster does not serve "
                    + ServedKinds.GRAFANA_DASHBOARDS
                    + "; install grafana-operator or set the mode to auto or configMap");
      }
    };
  }

  private static boolean switchedOn(WantedWhen.Switch offSwitch, Modes modes) {
    return switch (offSwitch) {
      case ALERTMANAGER -> modes.alertmanager;
      case DASHBOARDS -> modes.dashboards;
      case LOGGING -> modes.logging;
    };
  }

  private static Decision skipped(String reason) {
    return new Decision.Skipped(reason);
  }

  /**
   * Every Secret key the spec refers to where it is in use. The credentials of spec.prometheus are
   * not here: a missing one only makes Observed say so (the poller's AccessResolver reads them), it
   * never holds back the gym's monitoring.
   */
  private static List<SecretReferences.Reference> secretReferences(
      CausalGymMonitoring cr, Modes modes, List<SecretReferences.Reference> receivers) {
    List<SecretReferences.Reference> references = new ArrayList<>();
    if (modes.alertmanager) {
      references.addAll(receivers);
    }
    if (modes.managedStack && !modes.generatedGrafanaAdmin) {
      // Grafana reads both keys into its environment: a missing one stops its container.
      String secret = cr.getSpec().stack.grafana.adminSecret;
      String field = "spec.stack.grafana.adminSecret";
      references.add(
          new SecretReferences.Reference(
              field, new SecretKeyRef(secret, StackWorkloads.GRAFANA_ADMIN_USER_KEY)));
      references.add(
          new SecretReferences.Reference(
              field, new SecretKeyRef(secret, StackWorkloads.GRAFANA_ADMIN_PASSWORD_KEY)));
    }
    LoggingSpec logging = cr.getSpec().logging;
    if (modes.logging && logging.elasticsearch != null) {
      String field = "spec.logging.elasticsearch";
      SecretReferences.add(references, field + ".password", logging.elasticsearch.password);
      SecretReferences.add(references, field + ".apiKey", logging.elasticsearch.apiKey);
      SecretReferences.add(references, field + ".caSecret", logging.elasticsearch.caSecret);
    }
    return references;
  }
}
