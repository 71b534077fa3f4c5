package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ManagedResourceStatus;
import org.causalgym.operator.api.StackMode;
import org.junit.jupiter.api.Test;

/** The managed stack: comes, reports itself, keeps its password, and goes leaving the rest. */
class ManagedStackReconcileTest extends ReconcilerTestBase {

  private static String uidOf(HasMetadata object) {
    return object == null ? null : object.getMetadata().getUid();
  }

  /** The managed stack comes with its status, keeps its password, and goes leaving the rest. */
  @Test
  void theManagedStackRunsReportsItselfAndLeavesNothingElseWhenItGoes() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().alertmanager.receivers.add(webhookReceiver("sink", "https://sink.lab.example/a"));
    create(cr);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("Reconciled"));
    Map<String, String> before = new java.util.TreeMap<>();
    for (HasMetadata gymObject :
        List.of(
            owned(Deployment.class),
            owned(Service.class),
            owned(ConfigMap.class, NAME + "-dashboards"))) {
      before.put(gymObject.getKind(), uidOf(gymObject));
    }

    editSpec(spec -> spec.stack.mode = StackMode.managed);
    String stack = NAME + "-prometheus";
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(ready().getReason()).isEqualTo("Reconciled");
              assertThat(owned(Deployment.class, stack)).isNotNull();
              assertThat(owned(Deployment.class, NAME + "-alertmanager")).isNotNull();
              assertThat(owned(Deployment.class, NAME + "-grafana")).isNotNull();
              assertThat(owned(ServiceMonitor.class)).isNull();
              assertThat(owned(AlertmanagerConfig.class)).isNull();
              assertThat(condition("StackReady"))
                  .get()
                  .extracting(Condition::getStatus)
                  .isEqualTo("False");
              assertThat(condition("Selected")).isEmpty();
            });
    CausalGymMonitoring managed = current();
    assertThat(managed.getStatus().stack.prometheus)
        .isEqualTo("http://" + stack + "." + NAMESPACE + ".svc:9090");
    assertThat(managed.getStatus().stack.grafana)
        .isEqualTo("http://" + NAME + "-grafana." + NAMESPACE + ".svc:3000");
    assertThat(condition("Observed").get().getMessage())
        .as("Observed asks the managed Prometheus by default")
        .contains(managed.getStatus().stack.prometheus);
    assertThat(owned(ConfigMap.class, stack).getData()).containsKey("prometheus.yml");
    Secret admin = owned(Secret.class, NAME + "-grafana");
    String password = admin.getData().get("admin-password");
    assertThat(password).isNotBlank();

    // Each workload's controller reports its replicas available.
    for (String workload : List.of(stack, NAME + "-alertmanager", NAME + "-grafana")) {
      client
          .apps()
          .deployments()
          .inNamespace(NAMESPACE)
          .withName(workload)
          .editStatus(
              d -> {
                d.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).build());
                return d;
              });
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("StackReady").get().getMessage())
                    .isEqualTo(
                        "prometheus 1/1 available, alertmanager 1/1 available, grafana 1/1 available"));
    assertThat(condition("StackReady").get().getStatus()).isEqualTo("True");

    // A threshold edit reaches the managed Prometheus' rule file; the password stays.
    editSpec(spec -> spec.alerts.highErrorRate.threshold = 7);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(owned(ConfigMap.class, stack).getData().get("rules.yaml"))
                    .contains("above the threshold of 7 for 5m"));
    assertThat(owned(Secret.class, NAME + "-grafana").getData().get("admin-password"))
        .isEqualTo(password);

    editSpec(spec -> spec.stack.mode = StackMode.external);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(Deployment.class, stack)).isNull();
              assertThat(owned(Service.class, stack)).isNull();
              assertThat(owned(Deployment.class, NAME + "-alertmanager")).isNull();
              assertThat(owned(Deployment.class, NAME + "-grafana")).isNull();
              assertThat(owned(Secret.class, NAME + "-grafana")).isNull();
              assertThat(owned(ConfigMap.class, NAME + "-grafana")).isNull();
              assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName(stack).get())
                  .isNull();
              assertThat(client.rbac().roles().inNamespace(NAMESPACE).withName(stack).get())
                  .isNull();
              assertThat(client.rbac().roleBindings().inNamespace(NAMESPACE).withName(stack).get())
                  .isNull();
              assertThat(owned(ServiceMonitor.class)).isNotNull();
              assertThat(current().getStatus().stack).isNull();
              assertThat(condition("StackReady")).isEmpty();
            });
    // Every kind of the registry: nothing of the stack is left, only what status says is applied.
    assertThat(cluster.objectsOf(NAMESPACE, NAME))
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(
            current().getStatus().resources.stream()
                .filter(r -> r.state == ManagedResourceStatus.State.Applied)
                .map(r -> r.kind + "/" + r.name)
                .toList());
    Map<String, String> after = new java.util.TreeMap<>();
    for (HasMetadata gymObject :
        List.of(
            owned(Deployment.class),
            owned(Service.class),
            owned(ConfigMap.class, NAME + "-dashboards"))) {
      after.put(gymObject.getKind(), uidOf(gymObject));
    }
    assertThat(after).as("the gym's own objects were never replaced").isEqualTo(before);
    assertNoRequestsWhileIdle();
  }
}
