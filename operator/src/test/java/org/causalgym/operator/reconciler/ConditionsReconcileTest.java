package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusBuilder;
import org.junit.jupiter.api.Test;

/**
 * The Selected and Available conditions follow the Prometheus, Alertmanager and Deployment they are
 * about.
 */
class ConditionsReconcileTest extends ReconcilerTestBase {

  private static LabelSelector release(String value) {
    return new LabelSelectorBuilder().addToMatchLabels("release", value).build();
  }

  /** Selected follows Prometheus and Alertmanager resources as they come, change and go. */
  @Test
  void selectedIsReEvaluatedWhenAPrometheusOrAlertmanagerChanges() {
    startOperator(true);
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Selected"))
                    .get()
                    .extracting(Condition::getReason)
                    .isEqualTo("NoPrometheus"));

    client
        .resource(
            new PrometheusBuilder()
                .withNewMetadata()
                .withNamespace("obs")
                .withName("kps")
                .endMetadata()
                .withNewSpec()
                .withServiceMonitorSelector(release("kps"))
                .withServiceMonitorNamespaceSelector(new LabelSelector())
                .withRuleSelector(release("kps"))
                .withRuleNamespaceSelector(new LabelSelector())
                .endSpec()
                .build())
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Selected").get().getMessage())
                    .contains("Prometheus obs/kps selects ServiceMonitors labelled release=kps"));

    editSpec(spec -> spec.prometheus.selectorLabels.put("release", "kps"));
    client
        .resource(
            new AlertmanagerBuilder()
                .withNewMetadata()
                .withNamespace("obs")
                .withName("kps")
                .endMetadata()
                .withNewSpec()
                .withAlertmanagerConfigSelector(release("kps"))
                .withAlertmanagerConfigNamespaceSelector(new LabelSelector())
                .endSpec()
                .build())
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(condition("Selected").get().getStatus()).isEqualTo("True");
              assertThat(condition("Selected").get().getMessage())
                  .contains("AlertmanagerConfig selected by Alertmanager obs/kps");
            });

    client
        .resources(Prometheus.class)
        .inNamespace("obs")
        .withName("kps")
        .edit(
            p -> {
              p.getSpec().setRuleSelector(release("other"));
              return p;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Selected").get().getMessage())
                    .contains("selects PrometheusRules labelled release=other"));
    assertNoRequestsWhileIdle();
  }

  /** Available comes from the Deployment's status, watched; Ready does not move with it. */
  @Test
  void availableFollowsTheDeploymentControllersStatus() {
    startOperator(true);
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Available"))
                    .get()
                    .extracting(Condition::getReason)
                    .isEqualTo("ReplicasUnavailable"));
    Condition ready = ready();
    int replicas = owned(Deployment.class).getSpec().getReplicas();
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(replicas)
                      .withAvailableReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .build());
              return d;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(condition("Available").get().getStatus()).isEqualTo("True");
              assertThat(condition("Available").get().getMessage())
                  .isEqualTo(replicas + " of " + replicas + " replicas available");
            });
    assertThat(ready()).isEqualTo(ready);
    assertThat(
            client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .map(e -> e.getReason()))
        .as("an Event on the transition")
        .contains("ReplicasAvailable");
    assertNoRequestsWhileIdle();
  }
}
