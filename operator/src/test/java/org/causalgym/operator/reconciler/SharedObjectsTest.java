package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedFields;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.testing.ApiServerWritesDispatcher;
import org.causalgym.operator.testing.ApiTraffic;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SpecEdits;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against an API that stores built-in objects as a real API server does (zero values of omitempty
 * fields left out, the serviceAccount alias converted) and, where a test turns it on, runs a
 * mutating webhook that labels and annotates everything and gives ServiceAccounts pull secrets: the
 * operator shares its objects with the other writers and stays idle, writing nothing once it has
 * put the spec in place, and still removes what the spec no longer wants and puts back a hand edit.
 */
class SharedObjectsTest {

  private static final String NAMESPACE = "shared-lab";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String WEBHOOK_LABEL = "cost.example.org/center";
  private static final String WEBHOOK_ANNOTATION = "policy.example.org/checked-at";
  private static final String AUDIT_LABEL = "audit.example.org/reviewed";

  private ApiServerWritesDispatcher api;
  private TestCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void startApiAndOperator() {
    cluster =
        TestCluster.start(store -> api = new ApiServerWritesDispatcher(store))
            .withOurCrds()
            .withPrometheusOperator()
            .withGrafanaOperator();
    client = cluster.client();
    cluster.startOperator();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** Empty env values and zero probe delays, which the API server stores as absent. */
  private static CausalGymMonitoring resource(String name, String dashboardsMode, String extra) {
    return Repository.resource(
        """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata: {name: %s, namespace: %s}
        spec:
          app:
            image: registry.example.org/shared/gym:3.2
            port: 7300
            metricsPort: 7301
            liveness: {path: /alive-shared, initialDelaySeconds: 0, periodSeconds: 6}
            readiness: {path: /ready-shared, initialDelaySeconds: 0, periodSeconds: 3}
            env:
              - {name: TRIAL_NOTE, value: ""}
              - {name: TRIAL_TAG, value: ""}
              - name: OWN_MEMORY
                valueFrom: {resourceFieldRef: {containerName: "", resource: limits.memory}}
          prometheus: {selectorLabels: {release: shared-kps, squad: optics}}
          dashboards: {mode: %s, labels: {grafana_dashboard: "1", floor: third}}
        %s
        """
            .formatted(name, NAMESPACE, dashboardsMode, extra));
  }

  private CausalGymMonitoring create(CausalGymMonitoring cr) {
    client.resource(cr).create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              CausalGymMonitoring current = current(cr.getMetadata().getName());
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().observedGeneration)
                  .isEqualTo(current.getMetadata().getGeneration());
            });
    return cr;
  }

  private CausalGymMonitoring current(String name) {
    return client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private <T extends HasMetadata> T owned(Class<T> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  /** The objects the registry says the resource becomes on this cluster. */
  private static List<HasMetadata> expectedObjects(CausalGymMonitoring cr) {
    return OwnedObject.desiredObjects(
        GymPlan.of(SpecValidator.check(cr).admitted(), ServedKinds.everything()));
  }

  /**
   * No write (create, update, patch, delete, Event, status) for three seconds, and no update of an
   * owned object but the expected ones (hand edits and their repair): each reconcile that saw a
   * value the API server changed as a difference would update the object once more, with an Event
   * and a drift count.
   */
  private void assertIdle(int updates) {
    assertNoWrites();
    assertThat(api.objectUpdates()).as("updates of owned objects").isEqualTo(updates);
  }

  /**
   * Another writer labels the resource's Service, which reconciles the resource once more: every
   * owned object is compared with what the API server holds (the create's own answer never is).
   */
  private void reconcileAgain(String name) {
    client
        .services()
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            service -> {
              service.getMetadata().getLabels().put(AUDIT_LABEL, "seen");
              return service;
            });
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                "seen"
                    .equals(owned(Service.class, name).getMetadata().getLabels().get(AUDIT_LABEL)));
  }

  private void assertNoWrites() {
    ApiTraffic.assertNoRequestsWhileIdle(api::writes);
  }

  @Test
  void emptyAndZeroValuesTheApiServerLeavesOutLeaveTheOperatorIdle() {
    create(resource("quiet-1", "auto", ""));
    assertIdle(0);
    reconcileAgain("quiet-1");
    assertIdle(1);
    // The API did leave them out: the operator is idle although its own objects differ from them.
    Map<String, String> env = envValues(owned(Deployment.class, "quiet-1"));
    assertThat(env).containsEntry("TRIAL_NOTE", null).containsEntry("TRIAL_TAG", null);
    assertThat(gymPod("quiet-1").getContainers().get(0).getLivenessProbe().getInitialDelaySeconds())
        .isNull();
  }

  @Test
  void aWebhooksLabelAnnotationAndPullSecretsStayOnEveryKindWithoutAWriteLoop() {
    api.runWebhook(WEBHOOK_LABEL + "=lab-42", WEBHOOK_ANNOTATION + "=2026-12-05");
    CausalGymMonitoring external = create(resource("webhooked-1", "auto", ""));
    CausalGymMonitoring managed =
        create(
            resource(
                "webhooked-2",
                "auto",
                "  stack: {mode: managed, prometheus: {storage: {size: 3Gi}}}"));
    assertIdle(0);
    reconcileAgain("webhooked-1");
    reconcileAgain("webhooked-2");
    assertIdle(2);

    List<HasMetadata> expected = new ArrayList<>(expectedObjects(external));
    expected.addAll(expectedObjects(managed));
    assertThat(expected.stream().map(HasMetadata::getKind).distinct())
        .as("every kind the operator owns")
        .containsExactlyInAnyOrder(
            "Deployment",
            "Service",
            "ServiceMonitor",
            "PrometheusRule",
            "AlertmanagerConfig",
            "GrafanaDashboard",
            "ConfigMap",
            "Secret",
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "StatefulSet");
    for (HasMetadata object : expected) {
      HasMetadata stored = owned(object.getClass(), object.getMetadata().getName());
      assertThat(stored.getMetadata().getLabels())
          .as(object.getKind() + " " + object.getMetadata().getName())
          .containsEntry(WEBHOOK_LABEL, "lab-42")
          .containsAllEntriesOf(object.getMetadata().getLabels());
      assertThat(stored.getMetadata().getAnnotations())
          .as(object.getKind() + " " + object.getMetadata().getName())
          .containsEntry(WEBHOOK_ANNOTATION, "2026-12-05")
          .containsKey(OwnedFields.OWNED_KEYS_ANNOTATION);
    }
    ServiceAccount account = owned(ServiceAccount.class, "webhooked-2-prometheus");
    String pullSecret = ApiServerWritesDispatcher.pullSecret("webhooked-2-prometheus");
    assertThat(account.getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly(pullSecret);
    assertThat(account.getSecrets())
        .extracting(ObjectReference::getName)
        .containsExactly(pullSecret);
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry("openshift.io/internal-registry-pull-secret-ref", pullSecret);
  }

  @Test
  void aLabelRemovedFromTheSpecLeavesWhileTheWebhooksStays() {
    api.runWebhook(WEBHOOK_LABEL + "=lab-7", WEBHOOK_ANNOTATION + "=2026-12-06");
    create(resource("trimmed-1", "configMap", ""));
    assertIdle(0);
    assertThat(owned(ServiceMonitor.class, "trimmed-1").getMetadata().getLabels())
        .containsEntry("squad", "optics");
    assertThat(owned(ConfigMap.class, "trimmed-1-dashboards").getMetadata().getLabels())
        .containsEntry("floor", "third");

    SpecEdits.edit(
        client,
        NAMESPACE,
        "trimmed-1",
        spec -> {
          spec.prometheus.selectorLabels.remove("squad");
          spec.dashboards.labels.remove("floor");
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(ServiceMonitor.class, "trimmed-1").getMetadata().getLabels())
                  .doesNotContainKey("squad")
                  .containsEntry("release", "shared-kps")
                  .containsEntry(WEBHOOK_LABEL, "lab-7");
              assertThat(owned(ConfigMap.class, "trimmed-1-dashboards").getMetadata().getLabels())
                  .doesNotContainKey("floor")
                  .containsEntry("grafana_dashboard", "1")
                  .containsEntry(WEBHOOK_LABEL, "lab-7");
            });
    assertNoWrites();
  }

  @Test
  void aHandSetServiceAccountNameIsPutBackWithoutAWriteLoop() {
    create(resource("borrowed-1", "auto", ""));
    assertIdle(0);

    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("borrowed-1")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().setServiceAccountName("intruder");
              return d;
            });
    // The API answers the alias with it: the deprecated field says the same.
    assertThat(gymPod("borrowed-1").getServiceAccount()).isEqualTo("intruder");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(gymPod("borrowed-1").getServiceAccountName()).isNull();
              assertThat(gymPod("borrowed-1").getServiceAccount()).isNull();
            });
    assertIdle(2);
  }

  private PodSpec gymPod(String name) {
    return owned(Deployment.class, name).getSpec().getTemplate().getSpec();
  }

  private static Map<String, String> envValues(Deployment deployment) {
    Map<String, String> values = new LinkedHashMap<>();
    deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> values.put(e.getName(), e.getValue()));
    return values;
  }
}
