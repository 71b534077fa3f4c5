package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.demo.ApiServerDispatcher;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.desired.StackPrometheusModel;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.ImmutableFieldsDispatcher;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SpecEdits;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against an API that refuses what kube-apiserver refuses ({@link
 * ImmutableFieldsDispatcher}): changes Kubernetes cannot make in place end as a replacement, an
 * expanded claim, or Ready=False with what to do, never as a stream of 422s; an object that lost
 * its labels is adopted back; one under our name that another controls is a Conflict, left alone
 * and not hot-retried.
 */
class ImmutableFieldsAndAdoptionTest {

  private static final String NAMESPACE = "lab-east";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RECHECK = Duration.ofSeconds(2);

  private ImmutableFieldsDispatcher api;
  private TestCluster cluster;
  private KubernetesClient client;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * The API: a store (the mock's, with the defaults and admission a current API server applies,
   * unless a test brings another), the immutable-field checks in front of it, and whatever the test
   * puts in front of those.
   */
  private void start(Dispatcher store, UnaryOperator<Dispatcher> wrap) {
    api = new ImmutableFieldsDispatcher(store);
    cluster = TestCluster.start(wrap.apply(api)).withOurCrds().withPrometheusOperator();
    client = cluster.client();
    cluster.startOperator(OperatorOptions.defaults().withMissingSecretRecheck(RECHECK));
  }

  private void start(UnaryOperator<Dispatcher> wrap) {
    start(new ApiServerDispatcher(), wrap);
  }

  private void start() {
    start(d -> d);
  }

  private static CausalGymMonitoring resource(String name, Consumer<CausalGymMonitoringSpec> spec) {
    CausalGymMonitoring cr =
        Repository.resource(
            """
            apiVersion: monitoring.causal-gym.org/v1alpha1
            kind: CausalGymMonitoring
            metadata: {name: %s, namespace: %s}
            spec:
              app: {image: "registry.example.org/gym:9", port: 7300, metricsPort: 7301}
              prometheus: {selectorLabels: {release: lab-east}}
            """
                .formatted(name, NAMESPACE));
    spec.accept(cr.getSpec());
    return cr;
  }

  private static Consumer<CausalGymMonitoringSpec> managedWithStorage(String size, String klass) {
    return spec -> {
      spec.stack.mode = StackMode.managed;
      spec.stack.prometheus.storage.size = size;
      spec.stack.prometheus.storage.storageClassName = klass;
    };
  }

  private Condition ready(String name) {
    return cluster.ready(NAMESPACE, name);
  }

  private void awaitReady(String name, String reason) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready(name).getReason()).isEqualTo(reason));
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  private void storageClass(String name, boolean expandable) {
    client
        .storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner("lab.example.org/disks")
                .withAllowVolumeExpansion(expandable)
                .build())
        .create();
  }

  /** What the StatefulSet controller does for the one pod: the claim from the template, bound. */
  private PersistentVolumeClaim claimAsTheStatefulSetControllerWould(String name) {
    StatefulSet set = get(StatefulSet.class, name + "-prometheus");
    PersistentVolumeClaim template = set.getSpec().getVolumeClaimTemplates().get(0);
    return client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(template.getMetadata().getName() + "-" + name + "-prometheus-0")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withSpec(template.getSpec())
                .withNewStatus()
                .withPhase("Bound")
                .endStatus()
                .build())
        .create();
  }

  private Quantity claimSize(String name) {
    return get(PersistentVolumeClaim.class, "data-" + name + "-prometheus-0")
        .getSpec()
        .getResources()
        .getRequests()
        .get("storage");
  }

  private static Quantity templateSize(StatefulSet set) {
    return set.getSpec()
        .getVolumeClaimTemplates()
        .get(0)
        .getSpec()
        .getResources()
        .getRequests()
        .get("storage");
  }

  @Test
  void aLargerStorageSizeReplacesTheStatefulSetKeepingItsClaimAndExpandsTheClaim() {
    start();
    storageClass("fast-east", true);
    String name = "trial-71";
    client.resource(resource(name, managedWithStorage("3Gi", "fast-east"))).create();
    awaitReady(name, "Reconciled");
    StatefulSet before = get(StatefulSet.class, name + "-prometheus");
    claimAsTheStatefulSetControllerWould(name);
    cluster.assertNoRequestsWhileIdle();
    int setWrites = api.writes("statefulsets");
    int claimWrites = api.writes("persistentvolumeclaims");

    SpecEdits.edit(client, NAMESPACE, name, spec -> spec.stack.prometheus.storage.size = "5Gi");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              // Between the delete and the create there is a moment without any.
              StatefulSet after = get(StatefulSet.class, name + "-prometheus");
              assertThat(after).isNotNull();
              assertThat(after.getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
              assertThat(templateSize(after)).isEqualTo(new Quantity("5Gi"));
              assertThat(claimSize(name)).isEqualTo(new Quantity("5Gi"));
              assertThat(ready(name).getReason()).isEqualTo("Reconciled");
            });
    cluster.assertNoRequestsWhileIdle();
    assertThat(api.refused()).as("writes the API server refused").isZero();
    assertThat(api.writes("statefulsets") - setWrites)
        .as("StatefulSet writes: one delete (orphaning pods and claims) and one create")
        .isEqualTo(2);
    assertThat(api.writes("persistentvolumeclaims") - claimWrites)
        .as("claim writes: one patch of its storage request")
        .isEqualTo(1);

    // Smaller: the template follows, the claim cannot; reported with the steps, never attempted.
    SpecEdits.edit(client, NAMESPACE, name, spec -> spec.stack.prometheus.storage.size = "4Gi");
    awaitReady(name, "Refused");
    assertThat(ready(name).getStatus()).isEqualTo("False");
    assertThat(ready(name).getMessage())
        .contains("PersistentVolumeClaim data-" + name + "-prometheus-0 holds 5Gi")
        .contains("cannot shrink")
        .contains("kubectl -n " + NAMESPACE + " delete pvc data-" + name + "-prometheus-0");
    cluster.assertNoRequestsWhileIdle();
    assertThat(api.refused()).isZero();
    assertThat(claimSize(name)).isEqualTo(new Quantity("5Gi"));

    // Another class: the same.
    SpecEdits.edit(
        client,
        NAMESPACE,
        name,
        spec -> {
          spec.stack.prometheus.storage.size = "5Gi";
          spec.stack.prometheus.storage.storageClassName = "other-east";
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(ready(name).getMessage())
                    .contains("keeps storage class fast-east")
                    .contains("storageClassName back to fast-east"));
    cluster.assertNoRequestsWhileIdle();
    assertThat(api.refused()).isZero();
  }

  @Test
  void anExpansionTheStorageClassRefusesIsReportedOnceNotRetried() {
    start();
    storageClass("fixed-east", false);
    String name = "trial-72";
    client.resource(resource(name, managedWithStorage("3Gi", "fixed-east"))).create();
    awaitReady(name, "Reconciled");
    claimAsTheStatefulSetControllerWould(name);

    SpecEdits.edit(client, NAMESPACE, name, spec -> spec.stack.prometheus.storage.size = "8Gi");
    awaitReady(name, "Refused");
    assertThat(ready(name).getMessage())
        .contains("refused to expand PersistentVolumeClaim data-" + name + "-prometheus-0")
        .contains("from 3Gi to 8Gi")
        .contains("fixed-east must allow volume expansion");
    cluster.assertNoRequestsWhileIdle();
    // One attempt per reconcile the edit causes (the edit itself, and the deletion event of the
    // StatefulSet it replaced), then quiet: not a retry loop.
    assertThat(api.refused()).as("refused patches of the claim").isBetween(1, 2);
    assertThat(claimSize(name)).isEqualTo(new Quantity("3Gi"));
  }

  @Test
  void aServerThatDropsTheClaimRetentionPolicyCausesNoWriteLoop() {
    // kube-apiserver before 1.27 (or with StatefulSetAutoDeletePVC off) drops the field on write
    // (pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields) and does not
    // default it (pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet, behind the same gate): a
    // plain store, which sets no defaults, with the field taken out of every StatefulSet written.
    Dispatcher oldStore =
        new KubernetesCrudDispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!request.getPath().contains("/statefulsets")
                || (request.method() != HttpMethod.POST && request.method() != HttpMethod.PUT)) {
              return super.dispatch(request);
            }
            ObjectNode body = Serialization.unmarshal(request.getUtf8Body(), ObjectNode.class);
            ((ObjectNode) body.path("spec")).remove("persistentVolumeClaimRetentionPolicy");
            return super.dispatch(
                new RecordedRequest(
                    request.getHttpVersion(),
                    request.method(),
                    request.getPath(),
                    request.getHeaders(),
                    new Buffer().writeUtf8(Serialization.asJson(body))));
          }
        };
    start(oldStore, d -> d);
    String name = "trial-73";
    client.resource(resource(name, managedWithStorage("2Gi", ""))).create();
    awaitReady(name, "Reconciled");
    assertThat(
            get(StatefulSet.class, name + "-prometheus")
                .getSpec()
                .getPersistentVolumeClaimRetentionPolicy())
        .as("dropped by this API server")
        .isNull();
    cluster.assertNoRequestsWhileIdle();
    assertThat(api.writes("statefulsets")).as("the one create, no update after it").isEqualTo(1);
    // Where the API server keeps it, the claim goes with the StatefulSet.
    assertThat(
            StackPrometheusModel.statefulSet(
                    GymPlan.of(
                        resource(name, managedWithStorage("2Gi", "")), ServedKinds.nothing()))
                .getSpec()
                .getPersistentVolumeClaimRetentionPolicy())
        .satisfies(
            policy -> {
              assertThat(policy.getWhenDeleted()).isEqualTo("Delete");
              assertThat(policy.getWhenScaled()).isEqualTo("Retain");
            });
  }

  @Test
  void aConfigMapMadeImmutableByHandIsReplacedNotUpdatedInto422s() {
    start();
    String name = "trial-74";
    client.resource(resource(name, spec -> {})).create();
    awaitReady(name, "Reconciled");
    String dashboards = name + "-dashboards";
    ConfigMap original = get(ConfigMap.class, dashboards);
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .withName(dashboards)
        .edit(
            c -> {
              c.setImmutable(true);
              c.getData().replaceAll((k, v) -> "{}");
              return c;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              ConfigMap now = get(ConfigMap.class, dashboards);
              assertThat(now).isNotNull(); // none between the delete and the create
              assertThat(now.getMetadata().getUid()).isNotEqualTo(original.getMetadata().getUid());
              assertThat(now.getImmutable()).isNull();
              assertThat(now.getData()).isEqualTo(original.getData());
            });
    cluster.assertNoRequestsWhileIdle();
    assertThat(api.refused()).isZero();
    assertThat(ready(name).getReason()).isEqualTo("Reconciled");
  }

  @Test
  void aWriteTheApiServerRefusesAsInvalidIsReadyFalseNamingObjectAndFieldNotALoop() {
    AtomicInteger refusedUpdates = new AtomicInteger();
    String name = "trial-75";
    // A validating admission policy of the cluster refuses the gym's new image (422 Invalid, as
    // k8s.io/apiserver's validating admission policy answers a denial with reason Invalid).
    start(
        inner ->
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) {
                String body = request.getUtf8Body();
                if (request.method() == HttpMethod.PUT
                    && request.getPath().endsWith("/deployments/" + name)
                    && body.contains("registry.example.org/gym:10")) {
                  refusedUpdates.incrementAndGet();
                  return new MockResponse()
                      .setResponseCode(422)
                      .setBody(
                          Serialization.asJson(
                              new StatusBuilder()
                                  .withStatus("Failure")
                                  .withReason("Invalid")
                                  .withCode(422)
                                  .withMessage(
                                      "Deployment.apps \"" + name + "\" is invalid: image denied")
                                  .withNewDetails()
                                  .withGroup("apps")
                                  .withKind("Deployment")
                                  .withName(name)
                                  .addToCauses(
                                      new StatusCauseBuilder()
                                          .withReason("FieldValueInvalid")
                                          .withField("spec.template.spec.containers[0].image")
                                          .withMessage("Invalid value: image denied")
                                          .build())
                                  .endDetails()
                                  .build()));
                }
                return inner.dispatch(
                    new RecordedRequest(
                        request.getHttpVersion(),
                        request.method(),
                        request.getPath(),
                        request.getHeaders(),
                        new Buffer().writeUtf8(body)));
              }
            });
    client.resource(resource(name, spec -> {})).create();
    awaitReady(name, "Reconciled");
    SpecEdits.edit(client, NAMESPACE, name, spec -> spec.app.image = "registry.example.org/gym:10");
    awaitReady(name, "Refused");
    assertThat(ready(name).getMessage())
        .contains("Deployment " + name)
        .contains("spec.template.spec.containers[0].image (FieldValueInvalid)");
    cluster.assertNoRequestsWhileIdle();
    assertThat(refusedUpdates.get()).as("the refused update was sent once").isEqualTo(1);

    SpecEdits.edit(client, NAMESPACE, name, spec -> spec.app.image = "registry.example.org/gym:11");
    awaitReady(name, "Reconciled");
  }

  @Test
  void anObjectThatLostTheManagedByLabelIsAdoptedAndPutBack() {
    start();
    String name = "trial-76";
    client.resource(resource(name, spec -> {})).create();
    awaitReady(name, "Reconciled");
    Service original = get(Service.class, name);
    client
        .services()
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            s -> {
              s.getMetadata().getLabels().remove("app.kubernetes.io/managed-by");
              s.getSpec().getPorts().get(0).setPort(9999);
              return s;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Service now = get(Service.class, name);
              assertThat(now.getMetadata().getLabels())
                  .containsEntry("app.kubernetes.io/managed-by", "causal-gym-operator");
              assertThat(now.getSpec().getPorts().get(0).getPort()).isEqualTo(7300);
              assertThat(now.getMetadata().getUid()).isEqualTo(original.getMetadata().getUid());
            });
    cluster.assertNoRequestsWhileIdle();
    assertThat(ready(name).getStatus()).isEqualTo("True");
    assertThat(ready(name).getReason()).isEqualTo("Reconciled");
  }

  @Test
  void aForeignObjectUnderOurNameIsAConflictNamingItLeftAloneAndNotHotRetried() {
    start();
    String name = "trial-77";
    // Its owner exists: the garbage collector deletes an object whose owner is gone.
    Deployment owner =
        client
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withName("someone-else")
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .build())
            .create();
    ConfigMap foreign =
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name + "-dashboards")
                    .withNamespace(NAMESPACE)
                    .addNewOwnerReference()
                    .withApiVersion("apps/v1")
                    .withKind("Deployment")
                    .withName("someone-else")
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .endOwnerReference()
                    .endMetadata()
                    .withData(Map.of("theirs.json", "{}"))
                    .build())
            .create();
    client.resource(resource(name, spec -> {})).create();
    awaitReady(name, "Conflict");
    assertThat(ready(name).getStatus()).isEqualTo("False");
    assertThat(ready(name).getMessage())
        .contains("ConfigMap " + name + "-dashboards exists and is controlled by Deployment")
        .contains("someone-else");

    int configMapWrites = api.writes("configmaps");
    int requests = cluster.server().getRequestCount();
    await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
    // A hot retry would send hundreds; a recheck every RECHECK sends a list and a create each.
    assertThat(cluster.server().getRequestCount() - requests)
        .as("requests in 5 s of an unresolved Conflict")
        .isLessThanOrEqualTo(5 / (int) RECHECK.toSeconds() * 6 + 6);
    assertThat(api.writes("configmaps")).isEqualTo(configMapWrites);
    ConfigMap still = get(ConfigMap.class, name + "-dashboards");
    assertThat(still.getMetadata().getResourceVersion())
        .isEqualTo(foreign.getMetadata().getResourceVersion());
    assertThat(still.getData()).isEqualTo(Map.of("theirs.json", "{}"));

    // Once the other one is gone, the next recheck creates ours.
    client.resource(still).delete();
    awaitReady(name, "Reconciled");
    assertThat(get(ConfigMap.class, name + "-dashboards").getData())
        .doesNotContainKey("theirs.json");
  }

  @Test
  void twoResourcesWhoseNamesCollideAreOneConflictAndNeitherIsDestroyed() {
    start();
    String first = "delta-prometheus";
    client.resource(resource(first, spec -> {})).create();
    awaitReady(first, "Reconciled");
    Deployment deployment = get(Deployment.class, first);
    Service service = get(Service.class, first);

    String second = "delta";
    client.resource(resource(second, spec -> spec.stack.mode = StackMode.managed)).create();
    awaitReady(second, "Conflict");
    assertThat(ready(second).getMessage())
        .contains(
            "Service delta-prometheus exists and is controlled by CausalGymMonitoring " + first)
        .contains("Deployment delta-prometheus exists and is controlled by CausalGymMonitoring");
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(ready(first).getReason()).isEqualTo("Reconciled");
    assertThat(get(Deployment.class, first).getMetadata().getUid())
        .isEqualTo(deployment.getMetadata().getUid());
    assertThat(get(Deployment.class, first).getMetadata().getResourceVersion())
        .isEqualTo(deployment.getMetadata().getResourceVersion());
    assertThat(get(Service.class, first).getMetadata().getResourceVersion())
        .isEqualTo(service.getMetadata().getResourceVersion());
    assertThat(get(Service.class, first).getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getName()).isEqualTo(first));
  }

  @Test
  void aMissingAdminSecretIsMissingSecretNamingTheField() {
    start();
    String name = "trial-78";
    client
        .resource(
            resource(
                name,
                spec -> {
                  spec.stack.mode = StackMode.managed;
                  spec.stack.grafana.adminSecret = "east-grafana-admin";
                }))
        .create();
    awaitReady(name, "MissingSecret");
    assertThat(ready(name).getMessage())
        .containsOnlyOnce(
            "spec.stack.grafana.adminSecret: Secret "
                + NAMESPACE
                + "/east-grafana-admin does not exist");
    client
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("east-grafana-admin")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToStringData("admin-user", "root-east")
                .build())
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(ready(name).getMessage())
                    .contains("east-grafana-admin has no key admin-password")
                    .doesNotContain("admin-user"));
  }
}
