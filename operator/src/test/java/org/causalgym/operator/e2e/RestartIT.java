package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.DemoCluster;
import org.causalgym.operator.testing.MinimalResources;
import org.causalgym.operator.testing.OperatorProcess;
import org.causalgym.operator.testing.ReadyResources;
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
      List<String> readyAtKill;
      try (OperatorProcess first = OperatorProcess.start(kubeconfig, dir.resolve("first.log"))) {
        // Started before the burst, so that it takes the resources as they come.
        first.awaitReady(WAIT);
        MinimalResources.create(client, NAMESPACE, "restart", RESOURCES);
        // Killed as soon as some, not all, are done: in the middle of the burst.
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(20))
            .until(() -> ReadyResources.count(client, NAMESPACE) >= 1);
        first.kill();
        readyAtKill =
            client
                .resources(CausalGymMonitoring.class)
                .inNamespace(NAMESPACE)
                .list()
                .getItems()
                .stream()
                .filter(ReadyResources::isReady)
                .map(cr -> cr.getMetadata().getName())
                .toList();
      }

      // While it is down: an owned object of a Ready resource is deleted, a threshold of another
      // (one that was not Ready yet, where there is one) is edited.
      String victim = readyAtKill.get(0);
      String edited =
          IntStream.range(0, RESOURCES)
              .mapToObj(i -> "restart-" + i)
              .filter(name -> !readyAtKill.contains(name))
              .findFirst()
              .orElse(readyAtKill.get(readyAtKill.size() - 1));
      String deletedUid =
          client
              .apps()
              .deployments()
              .inNamespace(NAMESPACE)
              .withName(victim)
              .get()
              .getMetadata()
              .getUid();
      client.apps().deployments().inNamespace(NAMESPACE).withName(victim).delete();
      client
          .resources(CausalGymMonitoring.class)
          .inNamespace(NAMESPACE)
          .withName(edited)
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
                      client.apps().deployments().inNamespace(NAMESPACE).withName(victim).get();
                  assertThat(recreated).isNotNull();
                  assertThat(recreated.getMetadata().getUid()).isNotEqualTo(deletedUid);
                  PrometheusRule rule =
                      client
                          .resources(PrometheusRule.class)
                          .inNamespace(NAMESPACE)
                          .withName(edited)
                          .get();
                  assertThat(
                          rule.getSpec().getGroups().get(0).getRules().get(0).getExpr().getStrVal())
                      .endsWith("> 4.5");
                });
        double seconds = (System.nanoTime() - restarted) / 1e9;
        System.out.printf(
            "Restarts: 1 SIGKILL survived (%d of %d resources Ready when killed); after restart all"
                + " %d Ready, a deleted Deployment recreated and an edit applied in %.1f s%n",
            readyAtKill.size(), RESOURCES, RESOURCES, seconds);
      }
    }
  }
}
