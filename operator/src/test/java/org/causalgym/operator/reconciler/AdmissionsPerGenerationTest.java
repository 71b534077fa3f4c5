package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.ReadyResources;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * The full admission runs once per spec change, not once per reconcile: an owned object changed or
 * deleted by someone else reconciles the resource again without admitting its unchanged spec, and a
 * threshold edit admits it once more; nor are the objects that have not changed built again.
 */
class AdmissionsPerGenerationTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void reconcilesWithoutASpecChangeReuseTheAdmission() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TestCluster cluster = TestCluster.start()) {
      KubernetesClient client =
          readyResource(cluster, registry, "slos.yaml", "lab-admit", "trial-admit");
      double admittedOnce = admissions(registry);
      double reconciled = reconciles(registry);

      client.services().inNamespace("lab-admit").withName("trial-admit").delete();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  client.services().inNamespace("lab-admit").withName("trial-admit").get() != null);
      client
          .apps()
          .deployments()
          .inNamespace("lab-admit")
          .withName("trial-admit")
          .edit(d -> withReplicas(d, 7));
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  client
                          .apps()
                          .deployments()
                          .inNamespace("lab-admit")
                          .withName("trial-admit")
                          .get()
                          .getSpec()
                          .getReplicas()
                      == 3);

      assertThat(reconciles(registry)).as("reconciles").isGreaterThanOrEqualTo(reconciled + 2);
      assertThat(admittedOnce).as("admissions of the first generation").isEqualTo(1);
      assertThat(admissions(registry)).as("admissions after two drifts").isEqualTo(1);

      client
          .resources(CausalGymMonitoring.class)
          .inNamespace("lab-admit")
          .withName("trial-admit")
          .edit(
              edited -> {
                edited.getSpec().alerts.highErrorRate.threshold = 0.42;
                return edited;
              });
      await().atMost(PATIENCE).until(() -> admissions(registry) == 2);
      await()
          .pollDelay(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(3))
          .untilAsserted(() -> assertThat(admissions(registry)).isEqualTo(2));
    }
  }

  @Test
  void anObjectUnchangedSinceItMatchedIsNeitherBuiltNorComparedAgain() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TestCluster cluster = TestCluster.start()) {
      KubernetesClient client =
          readyResource(cluster, registry, "minimal.yaml", "lab-built", "trial-built");
      double reconciled = settledReconciles(registry);
      double built = count(registry, "causalgym_desired_objects_built");

      // The Deployment controller's write: the resource is reconciled, and of its objects only
      // the Deployment, whose version moved, is built and compared again.
      client
          .apps()
          .deployments()
          .inNamespace("lab-built")
          .withName("trial-built")
          .editStatus(
              d -> {
                d.setStatus(new DeploymentStatusBuilder().withReplicas(3).build());
                return d;
              });
      await().atMost(PATIENCE).until(() -> reconciles(registry) > reconciled);
      settledReconciles(registry);
      assertThat(count(registry, "causalgym_desired_objects_built") - built)
          .as("desired objects built by the reconcile a Deployment's status triggered")
          .isEqualTo(1);
    }
  }

  /** The operator started, and a resource from the sample made Ready under the name. */
  private static KubernetesClient readyResource(
      TestCluster cluster,
      PrometheusMeterRegistry registry,
      String sample,
      String namespace,
      String name) {
    KubernetesClient client = cluster.withOurCrds().withPrometheusOperator().client();
    cluster.startOperator(client, OperatorOptions.defaults(), registry);
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve(sample));
    cr.getMetadata().setName(name);
    cr.getMetadata().setNamespace(namespace);
    client.resource(cr).create();
    await().atMost(PATIENCE).until(() -> ReadyResources.count(client, namespace) == 1);
    return client;
  }

  /** The number of reconciles once it has not moved for 500 ms: JOSDK has nothing queued. */
  private static double settledReconciles(PrometheusMeterRegistry registry)
      throws InterruptedException {
    double before;
    double after = reconciles(registry);
    do {
      before = after;
      Thread.sleep(500);
      after = reconciles(registry);
    } while (after != before);
    return after;
  }

  private static double count(PrometheusMeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static Deployment withReplicas(Deployment deployment, int replicas) {
    deployment.getSpec().setReplicas(replicas);
    return deployment;
  }

  private static double admissions(PrometheusMeterRegistry registry) {
    return count(registry, "causalgym_admissions");
  }

  private static double reconciles(PrometheusMeterRegistry registry) {
    return count(registry, "operator.sdk.reconciliations.started");
  }
}
