package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.ReceiverBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.demo.SchemalessCrds;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SpecEdits;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against a mock API that admits by the CRD and fills in the defaults of Deployments and Services
 * as a real API server does: whatever leaves the spec leaves every kind of owned object, whatever
 * is added to an owned object by hand in a field the operator owns is put back, what the server and
 * other controllers own is left alone, and none of it makes the operator write in a loop.
 */
class OwnedObjectsFollowTheSpecTest {

  private static final String NAMESPACE = "optics-lab";
  private static final String NAME = "run-42";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TestCluster cluster = TestCluster.start().withOurCrds().withPrometheusOperator();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void stop() {
    cluster.close();
  }

  private void startOperator(boolean prometheusOperatorInstalled) {
    if (!prometheusOperatorInstalled) {
      for (Class<? extends HasMetadata> kind :
          List.of(ServiceMonitor.class, PrometheusRule.class, AlertmanagerConfig.class)) {
        client.resource(SchemalessCrds.of(kind)).delete();
      }
    }
    cluster.startOperator();
  }

  private static CausalGymMonitoring resource(String extra) {
    return Repository.resource(
        """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata: {name: %s, namespace: %s}
        spec:
          app:
            image: registry.example.org/optics/gym:2.1
            port: 7100
            metricsPort: 7101
            env: [{name: STUDY, value: optics}, {name: SEED, value: "17"}]
            resources: {requests: {cpu: "0.5", memory: 256Mi}}
          prometheus: {selectorLabels: {release: kps, team: optics}}
          alerts:
            serviceDown: {enabled: true, severity: page}
            additional:
              - {name: QueueLong, expr: "causal_gym_queue_length > 10", for: 2m}
          alertmanager:
            receivers:
              - {name: first, webhook: {url: "https://first.optics.example/hook"}}
              - {name: second, webhook: {url: "https://second.optics.example/hook"}}
          dashboards: {labels: {grafana_dashboard: "1", shard: east}}
        %s
        """
            .formatted(NAME, NAMESPACE, extra));
  }

  private CausalGymMonitoring current() {
    return client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName(NAME).get();
  }

  private void awaitReconciled() {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              CausalGymMonitoring cr = current();
              assertThat(cr.getStatus()).isNotNull();
              assertThat(cr.getStatus().observedGeneration)
                  .isEqualTo(cr.getMetadata().getGeneration());
            });
  }

  private void editSpec(Consumer<CausalGymMonitoringSpec> change) {
    SpecEdits.edit(client, NAMESPACE, NAME, change);
  }

  private <T extends HasMetadata> T owned(Class<T> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  private <T extends HasMetadata> void editByHand(
      Class<T> type, String name, UnaryOperator<T> edit) {
    client.resources(type).inNamespace(NAMESPACE).withName(name).edit(edit);
  }

  private Container gym() {
    return owned(Deployment.class, NAME).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private List<String> rules() {
    return owned(PrometheusRule.class, NAME).getSpec().getGroups().get(0).getRules().stream()
        .map(Rule::getAlert)
        .toList();
  }

  private List<String> receivers() {
    return owned(AlertmanagerConfig.class, NAME).getSpec().getReceivers().stream()
        .map(r -> r.getName())
        .toList();
  }

  private String plainAlertmanagerYaml() {
    return new String(
        Base64.getDecoder()
            .decode(owned(Secret.class, NAME + "-alertmanager").getData().get("alertmanager.yaml")),
        StandardCharsets.UTF_8);
  }

  @Test
  void whatLeavesTheSpecLeavesEveryObject() {
    startOperator(true);
    client.resource(resource("")).create();
    awaitReconciled();
    assertThat(rules())
        .containsExactly("HighErrorRate", "HighMemoryUsage", "ServiceDown", "QueueLong");
    assertNoRequestsWhileIdle();

    editSpec(
        spec -> {
          spec.alerts.additional.clear();
          spec.alerts.serviceDown.enabled = false;
          spec.alertmanager.receivers.remove(1);
          spec.app.env.remove(1);
          spec.app.resources = null;
          spec.prometheus.selectorLabels.remove("team");
          spec.dashboards.labels.remove("shard");
          spec.app.port = 7200;
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(rules()).containsExactly("HighErrorRate", "HighMemoryUsage");
              assertThat(receivers()).containsExactly("null", "first");
              assertThat(owned(Service.class, NAME).getSpec().getPorts())
                  .extracting(p -> p.getPort())
                  .containsExactly(7200, 7101);
              assertThat(gym().getEnv()).extracting(EnvVar::getName).doesNotContain("SEED");
              assertThat(gym().getResources() == null ? null : gym().getResources().getRequests())
                  .isNullOrEmpty();
              assertThat(owned(ServiceMonitor.class, NAME).getMetadata().getLabels())
                  .containsEntry("release", "kps")
                  .doesNotContainKey("team");
              assertThat(owned(PrometheusRule.class, NAME).getMetadata().getLabels())
                  .doesNotContainKey("team");
              assertThat(owned(ConfigMap.class, NAME + "-dashboards").getMetadata().getLabels())
                  .containsEntry("grafana_dashboard", "1")
                  .doesNotContainKey("shard");
            });
    awaitReconciled();
    assertThat(current().getStatus().alertRules).isEqualTo(2);
    assertThat(current().getStatus().receivers).containsExactly("first");
    assertNoRequestsWhileIdle();
  }

  @Test
  void whatIsAddedByHandIsPutBackWhatOthersOwnIsKept() {
    startOperator(true);
    client.resource(resource("")).create();
    awaitReconciled();
    assertNoRequestsWhileIdle();
    String clusterIp = owned(Service.class, NAME).getSpec().getClusterIP();
    assertThat(clusterIp).as("allocated by the API").isNotBlank();

    editByHand(
        Deployment.class,
        NAME,
        d -> {
          d.getMetadata().getLabels().put("hand", "made");
          d.getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getEnv()
              .add(new EnvVar("X", "1", null));
          // What kubectl rollout restart writes: the Deployment controller's business, not ours.
          d.getSpec()
              .getTemplate()
              .getMetadata()
              .getAnnotations()
              .put("kubectl.kubernetes.io/restartedAt", "2026-11-29T10:00:00Z");
          return d;
        });
    editByHand(
        Service.class,
        NAME,
        s -> {
          s.getSpec()
              .getPorts()
              .add(new ServicePortBuilder().withName("debug").withPort(9999).build());
          return s;
        });
    editByHand(
        ServiceMonitor.class,
        NAME,
        m -> {
          m.getMetadata().getLabels().put("release", "other");
          m.getSpec().getEndpoints().get(0).setInterval("5m");
          return m;
        });
    editByHand(
        PrometheusRule.class,
        NAME,
        r -> {
          r.getSpec()
              .getGroups()
              .get(0)
              .getRules()
              .add(new RuleBuilder().withAlert("ByHand").withNewExpr("vector(1)").build());
          return r;
        });
    editByHand(
        AlertmanagerConfig.class,
        NAME,
        a -> {
          a.getSpec().getReceivers().add(new ReceiverBuilder().withName("sneaky").build());
          return a;
        });
    editByHand(
        ConfigMap.class,
        NAME + "-dashboards",
        c -> {
          c.getData().put("extra.json", "{}");
          return c;
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Deployment deployment = owned(Deployment.class, NAME);
              // A label key the operator never set is another writer's, and stays.
              assertThat(deployment.getMetadata().getLabels()).containsEntry("hand", "made");
              assertThat(gym().getEnv()).extracting(EnvVar::getName).doesNotContain("X");
              assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                  .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-29T10:00:00Z")
                  .containsEntry("prometheus.io/port", "7101");
              assertThat(owned(Service.class, NAME).getSpec().getPorts())
                  .extracting(p -> p.getName())
                  .containsExactly("http", "metrics");
              assertThat(owned(Service.class, NAME).getSpec().getClusterIP()).isEqualTo(clusterIp);
              ServiceMonitor monitor = owned(ServiceMonitor.class, NAME);
              assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kps");
              assertThat(monitor.getSpec().getEndpoints().get(0).getInterval()).isEqualTo("10s");
              assertThat(rules()).doesNotContain("ByHand");
              assertThat(receivers()).containsExactly("null", "first", "second");
              assertThat(owned(ConfigMap.class, NAME + "-dashboards").getData())
                  .doesNotContainKey("extra.json");
            });
    assertNoRequestsWhileIdle();
    // The server's defaults stayed where the API put them, and were no reason to write.
    Deployment deployment = owned(Deployment.class, NAME);
    assertThat(deployment.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(gym().getImagePullPolicy()).isEqualTo("IfNotPresent");
  }

  @Test
  void thePlainFormFollowsTheSpecToo() {
    startOperator(false);
    client.resource(resource("")).create();
    awaitReconciled();
    assertThat(plainAlertmanagerYaml()).contains("second.optics.example");
    assertNoRequestsWhileIdle();

    editByHand(
        ConfigMap.class,
        NAME + "-prometheus",
        c -> {
          c.getData().put("rules.yaml", "groups: []");
          c.getData().put("extra.yaml", "x: 1");
          return c;
        });
    editByHand(
        Secret.class,
        NAME + "-alertmanager",
        secret -> {
          secret.getData().put("extra.yaml", "eDogMQ==");
          return secret;
        });
    editSpec(spec -> spec.alertmanager.receivers.remove(1));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(plainAlertmanagerYaml())
                  .contains("first.optics.example")
                  .doesNotContain("second.optics.example");
              assertThat(owned(Secret.class, NAME + "-alertmanager").getData())
                  .containsOnlyKeys("alertmanager.yaml");
              assertThat(owned(ConfigMap.class, NAME + "-prometheus").getData())
                  .containsOnlyKeys("scrape-config.yaml", "rules.yaml")
                  .extractingByKey("rules.yaml")
                  .asString()
                  .contains("QueueLong");
            });
    assertNoRequestsWhileIdle();
  }

  @Test
  void replicasHandedToAnAutoscalerAreLeftToIt() {
    startOperator(true);
    client.resource(resource("")).create();
    awaitReconciled();

    editByHand(
        Deployment.class,
        NAME,
        d -> {
          d.getSpec().setReplicas(9);
          return d;
        });
    await().atMost(TIMEOUT).until(() -> owned(Deployment.class, NAME).getSpec().getReplicas() == 3);

    editSpec(spec -> spec.app.replicasFromAutoscaler = true);
    awaitReconciled();
    editByHand(
        Deployment.class,
        NAME,
        d -> {
          d.getSpec().setReplicas(9);
          return d;
        });
    assertNoRequestsWhileIdle();
    assertThat(owned(Deployment.class, NAME).getSpec().getReplicas()).isEqualTo(9);
  }

  private void assertNoRequestsWhileIdle() {
    cluster.assertNoRequestsWhileIdle();
  }
}
