package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.desired.GrafanaDashboard;
import org.causalgym.operator.testing.ClusterCrds;
import org.causalgym.operator.testing.SecretValues;
import org.junit.jupiter.api.Test;

/** Alert routing and dashboards follow the spec. */
class RoutingAndDashboardsReconcileTest extends ReconcilerTestBase {

  @Test
  void routingAndDashboardsFollowTheSpec() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().alertmanager.receivers.add(webhookReceiver("sink", "https://sink.lab.example/a"));
    cr.getSpec().dashboards.folder = "Trials";
    create(cr);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
    assertThat(owned(AlertmanagerConfig.class).getSpec().getReceivers())
        .extracting(r -> r.getName())
        .containsExactly("null", "sink");
    assertThat(current().getStatus().receivers).containsExactly("sink");

    createSecret("mail-auth", "password", SecretValues.distinct("mail-auth"));
    editSpec(
        spec -> {
          spec.alertmanager.receivers.add(
              mailReceiver("oncall", new SecretKeyRef("mail-auth", "password")));
          spec.dashboards.folder = "Trials 2";
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              AlertmanagerConfig config = owned(AlertmanagerConfig.class);
              assertThat(config.getSpec().getReceivers())
                  .extracting(r -> r.getName())
                  .containsExactly("null", "sink", "oncall");
              assertThat(config.getSpec().getRoute().getRoutes()).hasSize(2);
              assertThat(
                      owned(ConfigMap.class, NAME + "-dashboards").getMetadata().getAnnotations())
                  .containsEntry("grafana_folder", "Trials 2");
              assertThat(current().getStatus().receivers).containsExactly("sink", "oncall");
            });

    editSpec(spec -> spec.dashboards.enabled = false);
    // The workflow deletes the ConfigMap before the status that says so is written.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNull();
              assertThat(current().getStatus().resources)
                  .filteredOn(r -> r.name.equals(NAME + "-dashboards"))
                  .extracting(r -> r.state + ": " + r.reason)
                  .containsExactly("Skipped: spec.dashboards.enabled is false");
            });
  }

  /** grafana-operator refuses any change of a GrafanaDashboard's instanceSelector in place. */
  @Test
  void aNewInstanceSelectorReplacesTheGrafanaDashboard() {
    ClusterCrds.installGrafanaOperator(client);
    startOperator(true);
    create(resource("{}"));
    await().atMost(TIMEOUT).until(() -> owned(GrafanaDashboard.class) != null);
    String uid = owned(GrafanaDashboard.class).getMetadata().getUid();

    editSpec(spec -> spec.dashboards.instanceSelector.matchLabels.put("dashboards", "lab"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              GrafanaDashboard replaced = owned(GrafanaDashboard.class);
              assertThat(replaced).isNotNull();
              assertThat(replaced.getMetadata().getUid()).isNotEqualTo(uid);
              assertThat(replaced.getSpec().instanceSelector.getMatchLabels())
                  .containsEntry("dashboards", "lab");
            });
    String replacedUid = owned(GrafanaDashboard.class).getMetadata().getUid();
    editSpec(spec -> spec.dashboards.folder = "Lab");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(owned(GrafanaDashboard.class).getSpec().folder).isEqualTo("Lab"));
    assertThat(owned(GrafanaDashboard.class).getMetadata().getUid())
        .as("a mutable field is updated in place")
        .isEqualTo(replacedUid);
    assertNoRequestsWhileIdle();
  }
}
