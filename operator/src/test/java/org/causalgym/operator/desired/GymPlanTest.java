package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.DashboardsMode;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.desired.GymPlan.DashboardsForm;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * The plan decides every registry condition once, with the reasons status shows, and every owned
 * object is named by it.
 */
class GymPlanTest {

  private static final String NOT_MANAGED = "spec.stack.mode is external";
  private static final String MANAGED_BY_STACK =
      "spec.stack.mode is managed: the managed Prometheus and Alertmanager read the ConfigMap"
          + " and Secret of the plain form";
  private static final String PROMETHEUS_OPERATOR_RUNS =
      "the prometheus-operator runs here; ServiceMonitor, PrometheusRule and AlertmanagerConfig do"
          + " this";

  @Test
  void externalWithThePrometheusOperator() {
    GymPlan plan = plan(spec -> {}, ServedKinds.prometheusOperatorOnly());
    assertThat(plan.modes())
        .isEqualTo(
            new GymPlan.Modes(false, false, false, DashboardsForm.CONFIG_MAP, true, true, false));
    assertThat(reasons(plan))
        .containsEntry(WantedWhen.ALWAYS, Optional.empty())
        .containsEntry(WantedWhen.PROMETHEUS_OPERATOR, Optional.empty())
        .containsEntry(WantedWhen.PROMETHEUS_OPERATOR_ALERTMANAGER, Optional.empty())
        .containsEntry(WantedWhen.PLAIN_FORM, Optional.of(PROMETHEUS_OPERATOR_RUNS))
        .containsEntry(WantedWhen.PLAIN_FORM_ALERTMANAGER, Optional.of(PROMETHEUS_OPERATOR_RUNS))
        .containsEntry(WantedWhen.DASHBOARDS_AS_CONFIG_MAP, Optional.empty())
        .containsEntry(
            WantedWhen.DASHBOARDS_AS_GRAFANA_DASHBOARD,
            Optional.of(
                "spec.dashboards.mode is auto and the cluster does not serve"
                    + " grafanadashboards.grafana.integreatly.org v1beta1; the ConfigMap"
                    + " gym-dashboards holds the dashboards"))
        .containsEntry(WantedWhen.LOGGING, Optional.of("spec.logging.enabled is false"))
        .containsEntry(WantedWhen.MANAGED_STACK, Optional.of(NOT_MANAGED))
        .containsEntry(WantedWhen.MANAGED_STACK_ALERTMANAGER, Optional.of(NOT_MANAGED))
        .containsEntry(WantedWhen.MANAGED_PROMETHEUS_EPHEMERAL, Optional.of(NOT_MANAGED))
        .containsEntry(WantedWhen.MANAGED_PROMETHEUS_PERSISTENT, Optional.of(NOT_MANAGED))
        .containsEntry(WantedWhen.MANAGED_GRAFANA_GENERATED_ADMIN, Optional.of(NOT_MANAGED));
    assertThat(plan.secretReferences()).isEmpty();
  }

  @Test
  void externalWithoutThePrometheusOperatorWantsThePlainForm() {
    GymPlan plan = plan(spec -> {}, ServedKinds.nothing());
    String missing =
        "the cluster does not serve servicemonitors.monitoring.coreos.com v1; install the"
            + " prometheus-operator CRDs, e.g. with kube-prometheus-stack";
    assertThat(reasons(plan))
        .containsEntry(WantedWhen.PROMETHEUS_OPERATOR, Optional.of(missing))
        .containsEntry(WantedWhen.PROMETHEUS_OPERATOR_ALERTMANAGER, Optional.of(missing))
        .containsEntry(WantedWhen.PLAIN_FORM, Optional.empty())
        .containsEntry(WantedWhen.PLAIN_FORM_ALERTMANAGER, Optional.empty())
        .containsEntry(WantedWhen.MANAGED_STACK, Optional.of(NOT_MANAGED));
  }

  @Test
  void aManagedEphemeralStackNeedsNoOtherOperator() {
    GymPlan plan =
        plan(
            spec -> {
              spec.stack.mode = StackMode.managed;
              spec.dashboards.mode = DashboardsMode.grafanaOperator;
            },
            ServedKinds.everything());
    assertThat(plan.modes())
        .isEqualTo(
            new GymPlan.Modes(true, false, true, DashboardsForm.CONFIG_MAP, true, true, false));
    assertThat(reasons(plan))
        .containsEntry(WantedWhen.PROMETHEUS_OPERATOR, Optional.of(MANAGED_BY_STACK))
        .containsEntry(WantedWhen.PLAIN_FORM, Optional.empty())
        .containsEntry(WantedWhen.MANAGED_STACK, Optional.empty())
        .containsEntry(WantedWhen.MANAGED_STACK_ALERTMANAGER, Optional.empty())
        .containsEntry(WantedWhen.MANAGED_PROMETHEUS_EPHEMERAL, Optional.empty())
        .containsEntry(
            WantedWhen.MANAGED_PROMETHEUS_PERSISTENT,
            Optional.of(
                "spec.stack.prometheus.storage.size is empty; a Deployment keeps the samples in an"
                    + " emptyDir"))
        .containsEntry(WantedWhen.MANAGED_GRAFANA_GENERATED_ADMIN, Optional.empty())
        // The managed Grafana loads the ConfigMap, whatever dashboards.mode says.
        .containsEntry(WantedWhen.DASHBOARDS_AS_CONFIG_MAP, Optional.empty());
    assertThat(plan.grafanaAdminSecret()).isEqualTo("gym-grafana");
    assertThat(plan.names().stackPrometheusUrl())
        .isEqualTo("http://gym-prometheus.default.svc:9090");
    assertThat(plan.names().stackAlertmanagerTarget()).isEqualTo("gym-alertmanager:9093");
  }

  @Test
  void aManagedPersistentPrometheusIsAStatefulSetWithAClaim() {
    GymPlan plan =
        plan(
            spec -> {
              spec.stack.mode = StackMode.managed;
              spec.stack.prometheus.storage.size = "4Gi";
            },
            ServedKinds.nothing());
    assertThat(plan.modes().persistentPrometheus()).isTrue();
    assertThat(reasons(plan))
        .containsEntry(
            WantedWhen.MANAGED_PROMETHEUS_EPHEMERAL,
            Optional.of(
                "spec.stack.prometheus.storage.size is set; a StatefulSet keeps the samples"))
        .containsEntry(WantedWhen.MANAGED_PROMETHEUS_PERSISTENT, Optional.empty());
    assertThat(plan.names().stackPrometheusClaim()).isEqualTo("data-gym-prometheus-0");
    assertThat(plan.names().stackPrometheusPod()).isEqualTo("gym-prometheus-0");
  }

  @Test
  void aNamedGrafanaAdminSecretIsReferencedNotGenerated() {
    GymPlan plan =
        plan(
            spec -> {
              spec.stack.mode = StackMode.managed;
              spec.stack.grafana.adminSecret = "grafana-admin";
            },
            ServedKinds.nothing());
    assertThat(plan.modes().generatedGrafanaAdmin()).isFalse();
    assertThat(plan.decision(WantedWhen.MANAGED_GRAFANA_GENERATED_ADMIN).skipReason())
        .contains("spec.stack.grafana.adminSecret names the Secret grafana-admin");
    assertThat(plan.grafanaAdminSecret()).isEqualTo("grafana-admin");
    assertThat(plan.secretReferences())
        .extracting(r -> r.field() + " " + r.ref().name + "/" + r.ref().key)
        .containsExactly(
            "spec.stack.grafana.adminSecret grafana-admin/admin-user",
            "spec.stack.grafana.adminSecret grafana-admin/admin-password");
  }

  @Test
  void theDashboardsGoWhereTheirModeAndTheClusterSay() {
    GymPlan auto = plan(spec -> {}, ServedKinds.everything());
    assertThat(auto.modes().dashboardsForm()).isEqualTo(DashboardsForm.GRAFANA_DASHBOARD);
    assertThat(reasons(auto))
        .containsEntry(WantedWhen.DASHBOARDS_AS_GRAFANA_DASHBOARD, Optional.empty())
        .containsEntry(
            WantedWhen.DASHBOARDS_AS_CONFIG_MAP,
            Optional.of(
                "spec.dashboards.mode is auto; the GrafanaDashboard gym holds the dashboards"));

    GymPlan configMap =
        plan(spec -> spec.dashboards.mode = DashboardsMode.configMap, ServedKinds.everything());
    assertThat(reasons(configMap))
        .containsEntry(WantedWhen.DASHBOARDS_AS_CONFIG_MAP, Optional.empty())
        .containsEntry(
            WantedWhen.DASHBOARDS_AS_GRAFANA_DASHBOARD,
            Optional.of(
                "spec.dashboards.mode is configMap; the ConfigMap gym-dashboards holds the"
                    + " dashboards"));

    GymPlan missing =
        plan(
            spec -> spec.dashboards.mode = DashboardsMode.grafanaOperator,
            ServedKinds.prometheusOperatorOnly());
    assertThat(reasons(missing))
        .containsEntry(
            WantedWhen.DASHBOARDS_AS_CONFIG_MAP,
            Optional.of(
                "spec.dashboards.mode is grafanaOperator; the GrafanaDashboard gym holds the"
                    + " dashboards"))
        .containsEntry(
            WantedWhen.DASHBOARDS_AS_GRAFANA_DASHBOARD,
            Optional.of(
                "spec.dashboards.mode is grafanaOperator but the cluster does not serve"
                    + " grafanadashboards.grafana.integreatly.org v1beta1; install"
                    + " grafana-operator or set the mode to auto or configMap"));
  }

  @Test
  void aSwitchTurnsItsObjectsOffBeforeAnythingElseIsAsked() {
    GymPlan plan =
        plan(
            spec -> {
              spec.stack.mode = StackMode.managed;
              spec.alertmanager.enabled = false;
              spec.dashboards.enabled = false;
            },
            ServedKinds.everything());
    String alertmanager = "spec.alertmanager.enabled is false";
    String dashboards = "spec.dashboards.enabled is false";
    assertThat(reasons(plan))
        .containsEntry(WantedWhen.PROMETHEUS_OPERATOR_ALERTMANAGER, Optional.of(alertmanager))
        .containsEntry(WantedWhen.PLAIN_FORM_ALERTMANAGER, Optional.of(alertmanager))
        .containsEntry(WantedWhen.MANAGED_STACK_ALERTMANAGER, Optional.of(alertmanager))
        .containsEntry(WantedWhen.DASHBOARDS_AS_CONFIG_MAP, Optional.of(dashboards))
        .containsEntry(WantedWhen.DASHBOARDS_AS_GRAFANA_DASHBOARD, Optional.of(dashboards));
  }

  @Test
  void loggingBringsItsConfigMapItsSecretsAndTheEvictionAlert() {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("logging.yaml"));
    GymPlan plan = GymPlan.of(cr, ServedKinds.prometheusOperatorOnly());
    assertThat(plan.modes().logging()).isTrue();
    assertThat(plan.decision(WantedWhen.LOGGING).wanted()).isTrue();
    assertThat(plan.rules()).extracting(Rule::getAlert).contains(PrometheusRuleModel.POD_EVICTED);
    assertThat(plan.secretReferences())
        .extracting(r -> r.field())
        .allMatch(field -> field.startsWith("spec.logging.elasticsearch."))
        .isNotEmpty();

    cr.getSpec().logging.enabled = false;
    GymPlan off = GymPlan.of(cr, ServedKinds.prometheusOperatorOnly());
    assertThat(off.rules())
        .extracting(Rule::getAlert)
        .doesNotContain(PrometheusRuleModel.POD_EVICTED);
    assertThat(off.secretReferences()).isEmpty();
  }

  /** Every object is named by the plan: its builder writes the name the plan gives its entry. */
  @Test
  void everyEntrysNameIsOneOfThePlansNames() throws Exception {
    for (String name : List.of("gym", "trial-v3")) {
      for (boolean managed : List.of(false, true)) {
        GymPlan plan =
            GymPlan.of(
                resource(
                    name,
                    spec -> {
                      spec.stack.mode = managed ? StackMode.managed : StackMode.external;
                      spec.stack.prometheus.storage.size = managed ? "1Gi" : "";
                      spec.logging.enabled = false;
                    }),
                ServedKinds.everything());
        Set<String> planned = new java.util.HashSet<>();
        for (RecordComponent component : GymPlan.Names.class.getRecordComponents()) {
          planned.add((String) component.getAccessor().invoke(plan.names()));
        }
        List<String> built = new ArrayList<>();
        for (OwnedObject owned : OwnedObject.values()) {
          HasMetadata desired = owned.desired(plan);
          assertThat(desired.getMetadata().getName())
              .as(owned.name())
              .isEqualTo(owned.name(plan.names()))
              .isIn(planned)
              .startsWith(name);
          assertThat(desired.getMetadata().getNamespace()).isEqualTo(plan.names().namespace());
          built.add(desired.getMetadata().getName());
        }
        assertThat(built).contains(name, name + "-prometheus", name + "-grafana");
      }
    }
  }

  private static Map<WantedWhen, Optional<String>> reasons(GymPlan plan) {
    return plan.decisions().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().skipReason()));
  }

  private static GymPlan plan(Consumer<CausalGymMonitoringSpec> edit, ServedKinds served) {
    return GymPlan.of(resource("gym", edit), served);
  }

  private static CausalGymMonitoring resource(String name, Consumer<CausalGymMonitoringSpec> edit) {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName(name);
    edit.accept(cr.getSpec());
    SpecValidator.Validated validated = SpecValidator.check(cr);
    assertThat(validated.violations()).isEmpty();
    return validated.admitted();
  }
}
