package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.time.Duration;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.DashboardsMode;
import org.causalgym.operator.api.ManagedResourceStatus;
import org.causalgym.operator.desired.GrafanaDashboard;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.testing.ClusterCrds;
import org.junit.jupiter.api.Test;

/**
 * What the operator writes follows the kinds the cluster serves (prometheus-operator,
 * grafana-operator), as they come and go.
 */
class ServedKindsReconcileTest extends ReconcilerTestBase {

  private void deleteCrd(String name) {
    client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
  }

  /** Kinds installed or removed while the operator runs are followed by watch, within seconds. */
  @Test
  void kindsInstalledAfterStartAreUsedWithinSecondsAndTheirRemovalIsReported() {
    Duration seconds = Duration.ofSeconds(10);
    startOperator(false);
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(ready().getReason()).isEqualTo("PrometheusOperatorMissing"));
    assertThat(condition("Selected")).as("not checked without the prometheus-operator").isEmpty();

    ClusterCrds.installPrometheusOperator(client);
    await()
        .atMost(seconds)
        .untilAsserted(
            () -> {
              assertThat(owned(ServiceMonitor.class)).isNotNull();
              assertThat(owned(PrometheusRule.class)).isNotNull();
              assertThat(ready().getReason()).isEqualTo("Reconciled");
              assertThat(condition("Selected"))
                  .get()
                  .extracting(Condition::getReason)
                  .isEqualTo("NoPrometheus");
            });
    await().atMost(seconds).until(() -> owned(ConfigMap.class, NAME + "-prometheus") == null);

    ClusterCrds.installGrafanaOperator(client);
    await()
        .atMost(seconds)
        .untilAsserted(
            () -> {
              assertThat(owned(GrafanaDashboard.class)).isNotNull();
              assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNull();
            });
    assertThat(owned(GrafanaDashboard.class).getSpec().instanceSelector.getMatchLabels())
        .containsEntry("dashboards", "grafana");

    deleteCrd(ServedKinds.GRAFANA_DASHBOARDS.crd());
    await()
        .atMost(seconds)
        .untilAsserted(() -> assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNotNull());

    deleteCrd(ServedKinds.SERVICE_MONITORS.crd());
    await()
        .atMost(seconds)
        .untilAsserted(
            () -> {
              assertThat(ready().getReason()).isEqualTo("PrometheusOperatorMissing");
              assertThat(ready().getMessage()).contains(ServedKinds.SERVICE_MONITORS.crd());
              assertThat(condition("Selected")).isEmpty();
            });
    assertNoRequestsWhileIdle();
  }

  @Test
  void aModeThatAsksForGrafanaOperatorWhereNoneRunsIsNotReady() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().dashboards.mode = DashboardsMode.grafanaOperator;
    create(cr);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("GrafanaOperatorMissing"));
    assertThat(ready().getMessage()).contains("install grafana-operator");
    assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNull();

    editSpec(spec -> spec.dashboards.mode = DashboardsMode.configMap);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(ready().getReason()).isEqualTo("Reconciled");
              assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNotNull();
            });
  }

  @Test
  void withoutThePrometheusOperatorTheWorkloadIsCreatedAndTheRestReportedSkipped() {
    startOperator(false);
    create(resource("{}"));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(ready().getReason()).isEqualTo("PrometheusOperatorMissing"));
    assertThat(owned(Deployment.class)).isNotNull();
    assertThat(owned(Service.class)).isNotNull();
    assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNotNull();
    assertThat(owned(Secret.class, NAME + "-alertmanager").getData())
        .containsKey("alertmanager.yaml");
    assertThat(owned(ConfigMap.class, NAME + "-prometheus").getData())
        .containsKeys("scrape-config.yaml", "rules.yaml");
    CausalGymMonitoring cr = current();
    assertThat(cr.getStatus().resources)
        .filteredOn(r -> r.state == ManagedResourceStatus.State.Skipped)
        .filteredOn(r -> !r.reason.equals("spec.stack.mode is external"))
        .filteredOn(r -> !r.reason.equals("spec.logging.enabled is false"))
        .extracting(r -> r.kind)
        .containsExactly(
            "ServiceMonitor", "PrometheusRule", "AlertmanagerConfig", "GrafanaDashboard");
    assertThat(cr.getStatus().resources)
        .filteredOn(r -> r.kind.matches("ServiceMonitor|PrometheusRule|AlertmanagerConfig"))
        .allSatisfy(r -> assertThat(r.reason).contains("monitoring.coreos.com"));
    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getMessage()).contains("Deployment/" + NAME).contains("skipped");
    assertNoRequestsWhileIdle();
  }
}
