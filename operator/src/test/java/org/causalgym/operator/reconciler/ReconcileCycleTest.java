package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.junit.jupiter.api.Test;

/**
 * The owned objects a resource becomes: created with their owner, following edits, put back when
 * deleted or changed, and left alone (no request) when nothing changed.
 */
class ReconcileCycleTest extends ReconcilerTestBase {

  /** Every object the resource becomes where the prometheus-operator runs, by kind. */
  private static final Map<Class<? extends HasMetadata>, String> WITH_PROMETHEUS_OPERATOR =
      Map.of(
          Deployment.class, NAME,
          Service.class, NAME,
          ServiceMonitor.class, NAME,
          PrometheusRule.class, NAME,
          AlertmanagerConfig.class, NAME,
          ConfigMap.class, NAME + "-dashboards");

  private PrometheusRule awaitRule() {
    await().atMost(TIMEOUT).until(() -> owned(PrometheusRule.class) != null);
    return owned(PrometheusRule.class);
  }

  @Test
  void createsEveryObjectOwnedByTheResourceAndReportsReady() {
    startOperator(true);
    CausalGymMonitoring created = create(resource("{}"));

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));

    for (var expected : WITH_PROMETHEUS_OPERATOR.entrySet()) {
      HasMetadata object = owned(expected.getKey(), expected.getValue());
      assertThat(object).as(expected.getKey().getSimpleName()).isNotNull();
      OwnerReference owner = object.getMetadata().getOwnerReferences().get(0);
      assertThat(object.getMetadata().getOwnerReferences()).hasSize(1);
      assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(owner.getKind()).isEqualTo("CausalGymMonitoring");
      assertThat(owner.getController()).isTrue();
    }
    assertThat(owned(ServiceMonitor.class).getMetadata().getLabels())
        .containsEntry("release", "monitoring");
    assertThat(owned(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", "7001");

    CausalGymMonitoring cr = current();
    Condition ready = ready();
    assertThat(ready.getReason()).isEqualTo("Reconciled");
    assertThat(ready.getMessage()).contains("PrometheusRule/" + NAME).contains("3 alert rules");
    assertThat(ready.getLastTransitionTime()).isNotBlank();
    assertThat(cr.getMetadata().getGeneration()).isNotNull();
    assertThat(cr.getStatus().observedGeneration).isEqualTo(cr.getMetadata().getGeneration());
    assertThat(ready.getObservedGeneration()).isEqualTo(cr.getMetadata().getGeneration());
    assertThat(cr.getStatus().alertRules).isEqualTo(3);
    assertThat(cr.getStatus().resources)
        .extracting(r -> r.kind + "/" + r.name + "=" + r.state)
        .containsExactly(
            "Deployment/trial-9=Applied",
            "Service/trial-9=Applied",
            "ServiceMonitor/trial-9=Applied",
            "PrometheusRule/trial-9=Applied",
            "AlertmanagerConfig/trial-9=Applied",
            "Secret/trial-9-alertmanager=Skipped",
            "ConfigMap/trial-9-prometheus=Skipped",
            "ConfigMap/trial-9-dashboards=Applied",
            "GrafanaDashboard/trial-9=Skipped",
            "ConfigMap/trial-9-filebeat=Skipped",
            "ServiceAccount/trial-9-prometheus=Skipped",
            "Role/trial-9-prometheus=Skipped",
            "RoleBinding/trial-9-prometheus=Skipped",
            "Deployment/trial-9-prometheus=Skipped",
            "StatefulSet/trial-9-prometheus=Skipped",
            "Service/trial-9-prometheus=Skipped",
            "Deployment/trial-9-alertmanager=Skipped",
            "Service/trial-9-alertmanager=Skipped",
            "ConfigMap/trial-9-grafana=Skipped",
            "Secret/trial-9-grafana=Skipped",
            "Deployment/trial-9-grafana=Skipped",
            "Service/trial-9-grafana=Skipped");
    assertThat(owned(Secret.class, NAME + "-alertmanager")).isNull();
  }

  @Test
  void anEditedThresholdReachesThePrometheusRule() {
    startOperator(true);
    create(resource("{highErrorRate: {threshold: 0.4}}"));
    assertThat(expr(awaitRule(), "HighErrorRate"))
        .isEqualTo("rate(causal_gym_errors{job=\"trial-9\", namespace=\"lab-west\"}[5m]) > 0.4");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));

    editSpec(
        spec -> {
          spec.alerts.highErrorRate.threshold = 2.75;
          spec.alerts.highMemoryUsage.enabled = false;
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(expr(owned(PrometheusRule.class), "HighErrorRate"))
                    .isEqualTo(
                        "rate(causal_gym_errors{job=\"trial-9\", namespace=\"lab-west\"}[5m]) > 2.75"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              CausalGymMonitoring cr = current();
              assertThat(cr.getMetadata().getGeneration()).isGreaterThan(1L);
              assertThat(cr.getStatus().observedGeneration)
                  .isEqualTo(cr.getMetadata().getGeneration());
              assertThat(cr.getStatus().alertRules).isEqualTo(2);
            });
    assertThat(owned(PrometheusRule.class).getSpec().getGroups().get(0).getRules())
        .extracting(Rule::getAlert)
        .containsExactly("HighErrorRate", "ServiceDown");
  }

  @Test
  void aDeletedObjectIsRecreated() {
    startOperator(true);
    create(resource("{}"));
    await().atMost(TIMEOUT).until(() -> owned(Service.class) != null);
    String firstUid = owned(Service.class).getMetadata().getUid();

    client.resource(owned(Service.class)).delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Service service = owned(Service.class);
              assertThat(service).isNotNull();
              assertThat(service.getMetadata().getUid()).isNotEqualTo(firstUid);
            });
  }

  @Test
  void nothingIsWrittenOrReadWhenNothingChanged() {
    startOperator(true);
    create(resource("{}"));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
    assertNoRequestsWhileIdle();
  }

  private static Map<String, Quantity> requests(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getRequests();
  }

  private String cpuRequest() {
    return requests(owned(Deployment.class)).get("cpu").toString();
  }

  private void setCpuRequest(String amount) {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .edit(
            d -> {
              requests(d).put("cpu", new Quantity(amount));
              return d;
            });
  }

  @Test
  void aQuantityTheServerRewroteIsNoChangeButAnotherAmountIsReverted() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().app.resources =
        new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("0.5")).build();
    create(cr);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
    assertThat(cpuRequest()).isEqualTo("0.5");

    // What a real API server does on every write: canonical form.
    setCpuRequest("500m");
    String normalizedVersion = owned(Deployment.class).getMetadata().getResourceVersion();
    assertNoRequestsWhileIdle();
    assertThat(owned(Deployment.class).getMetadata().getResourceVersion())
        .isEqualTo(normalizedVersion);

    setCpuRequest("600m");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cpuRequest()).isEqualTo("0.5"));
  }
}
