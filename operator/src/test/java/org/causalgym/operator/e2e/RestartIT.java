package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.nio.file.Path;
import java.time.Duration;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.DemoCluster;
import org.causalgym.operator.testing.OperatorProcess;
import org.causalgym.operator.testing.ReadyResources;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged operator killed with SIGKILL in the middle of a burst of reconciles, then started
 * again, converges every resource: an owned object deleted while it was down is recreated, and a
 * resource edited while it was down gets its edit.
 */
class RestartIT {

  private static final String NAMESPACE = "restart-lab";
  private static final int RESOURCES = 30;
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void killedMidReconcileItConvergesAfterRestartAndCatchesUpWithWhatChanged() throws Exception {
    try (DemoCluster cluster = new DemoCluster(0)) {
      KubernetesClient client = cluster.client();
      Path kubeconfig = dir.resolve("kubeconfig");
      cluster.writeKubeconfig(kubeconfig, NAMESPACE);
      long readyAtKill;
      try (OperatorProcess first = OperatorProcess.start(kubeconfig, dir.resolve("first.log"))) {
        for (int i = 0; i < RESOURCES; i++) {
          CausalGymMonitoring cr =
              Repository.resource(Repository.samples().resolve("minimal.yaml"));
          cr.getMetadata().setName("restart-" + i);
          cr.getMetadata().setNamespace(NAMESPACE);
          client.resource(cr).create();
        }
        // Killed as soon as some, not all, are done: in the middle of the burst.
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(20))
            .until(() -> ReadyResources.count(client, NAMESPACE) >= 1);
        readyAtKill = ReadyResources.count(client, NAMESPACE);
        first.kill();
      }

      // While it is down: an owned object is deleted, a threshold is edited.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  client.apps().deployments().inNamespace(NAMESPACE).withName("restart-0").get()
                      != null);
      String deletedUid =
          client
              .apps()
              .deployments()
              .inNamespace(NAMESPACE)
              .withName("restart-0")
              .get()
              .getMetadata()
              .getUid();
      client.apps().deployments().inNamespace(NAMESPACE).withName("restart-0").delete();
      client
          .resources(CausalGymMonitoring.class)
          .inNamespace(NAMESPACE)
          .withName("restart-1")
          .edit(
              cr -> {
                cr.getSpec().alerts.highErrorRate.threshold = 4.5;
                return cr;
              });

      long restarted = System.nanoTime();
      try (OperatorProcess second = OperatorProcess.start(kubeconfig, dir.resolve("second.log"))) {
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> ReadyResources.count(client, NAMESPACE) == RESOURCES);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  Deployment recreated =
                      client
                          .apps()
                          .deployments()
                          .inNamespace(NAMESPACE)
                          .withName("restart-0")
                          .get();
                  assertThat(recreated).isNotNull();
                  assertThat(recreated.getMetadata().getUid()).isNotEqualTo(deletedUid);
                  PrometheusRule rule =
                      client
                          .resources(PrometheusRule.class)
                          .inNamespace(NAMESPACE)
                          .withName("restart-1")
                          .get();
                  assertThat(
                          rule.getSpec().getGroups().get(0).getRules().get(0).getExpr().getStrVal())
                      .endsWith("> 4.5");
                });
        double seconds = (System.nanoTime() - restarted) / 1e9;
        System.out.printf(
            "Restarts: 1 SIGKILL survived (%d of %d resources Ready when killed); after restart all"
                + " %d Ready, a deleted Deployment recreated and an edit applied in %.1f s%n",
            readyAtKill, RESOURCES, RESOURCES, seconds);
      }
    }
  }
}
