package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Drift is given back: every owned object deleted by hand, and every one whose owned field is
 * edited by hand, is restored by the operator, and the time from the hand's write to the restored
 * object is printed (a figure, not a timed assertion). A `kubectl rollout restart` is not undone.
 */
class DriftRestoreTest {

  private static final String NAMESPACE = "drift-lab";
  private static final String NAME = "gym-drift";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TestCluster cluster = TestCluster.start().withOurCrds().withPrometheusOperator();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void stop() {
    cluster.close();
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  /** Milliseconds from now until the object satisfies restored. */
  private <T extends HasMetadata> long restoredAfter(
      Class<T> type, String name, Runnable hand, Predicate<T> restored) {
    long start = System.nanoTime();
    hand.run();
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              T object = get(type, name);
              return object != null && restored.test(object);
            });
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void handDeletionsAndEditsAreRestoredAndTheirTimeIsPrinted() {
    cluster.startOperator();
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName(NAME);
    cr.getMetadata().setNamespace(NAMESPACE);
    client.resource(cr).create();
    await().atMost(TIMEOUT).until(() -> get(ConfigMap.class, NAME + "-dashboards") != null);
    await().atMost(TIMEOUT).until(() -> get(AlertmanagerConfig.class, NAME) != null);

    // Every kind the resource becomes where the prometheus-operator runs, from the registry.
    List<Class<? extends HasMetadata>> kinds =
        OwnedObject.desiredObjects(
                GymPlan.of(
                    SpecValidator.check(cr).admitted(), ServedKinds.prometheusOperatorOnly()))
            .stream()
            .<Class<? extends HasMetadata>>map(HasMetadata::getClass)
            .distinct()
            .toList();
    List<Long> millis = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : kinds) {
      String name = kind == ConfigMap.class ? NAME + "-dashboards" : NAME;
      String uid = get(kind, name).getMetadata().getUid();
      millis.add(
          restoredAfter(
              kind,
              name,
              () -> client.resources(kind).inNamespace(NAMESPACE).withName(name).delete(),
              object -> !object.getMetadata().getUid().equals(uid)));
      millis.add(
          restoredAfter(
              kind,
              name,
              () ->
                  client
                      .resources(kind)
                      .inNamespace(NAMESPACE)
                      .withName(name)
                      .edit(
                          o -> {
                            o.getMetadata().getLabels().put("app.kubernetes.io/part-of", "by-hand");
                            return o;
                          }),
              object ->
                  "causal-gym"
                      .equals(object.getMetadata().getLabels().get("app.kubernetes.io/part-of"))));
    }
    // A field of the content, edited by hand: the replicas of the Deployment.
    millis.add(
        restoredAfter(
            Deployment.class,
            NAME,
            () ->
                client
                    .apps()
                    .deployments()
                    .inNamespace(NAMESPACE)
                    .withName(NAME)
                    .edit(
                        d -> {
                          d.getSpec().setReplicas(9);
                          return d;
                        }),
            d -> d.getSpec().getReplicas() == 3));

    // The dashboards' JSON, which the informer holds as a digest: a one-character edit and a
    // large value added by hand under a key of its own are both undone.
    String dashboards = NAME + "-dashboards";
    Map<String, String> applied = Map.copyOf(get(ConfigMap.class, dashboards).getData());
    String key = applied.keySet().iterator().next();
    assertThat(applied.get(key)).hasSizeGreaterThan(PayloadDigests.LARGEST_KEPT_WHOLE);
    millis.add(
        restoredAfter(
            ConfigMap.class,
            dashboards,
            () ->
                client
                    .configMaps()
                    .inNamespace(NAMESPACE)
                    .withName(dashboards)
                    .edit(
                        map -> {
                          map.getData().put(key, map.getData().get(key).replaceFirst("}$", " }"));
                          map.getData().put("by-hand.json", "x".repeat(4096));
                          return map;
                        }),
            map -> map.getData().equals(applied)));

    // kubectl rollout restart: an annotation of another tool on the pod template stays.
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getAnnotations()
                  .put("kubectl.kubernetes.io/restartedAt", "2026-11-30T01:00:00Z");
              d.getSpec().setReplicas(8);
              return d;
            });
    await().atMost(TIMEOUT).until(() -> get(Deployment.class, NAME).getSpec().getReplicas() == 3);
    assertThat(get(Deployment.class, NAME).getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-30T01:00:00Z");

    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf(
        "Drift: %d hand deletions and edits of %d kinds restored; median %d ms, slowest %d ms"
            + " (from the hand's write to the restored object); rollout restart kept%n",
        millis.size(), kinds.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    assertThat(millis).hasSize(2 * kinds.size() + 2);
  }
}
