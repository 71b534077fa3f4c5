package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.Labels;
import org.causalgym.operator.demo.ApiServerDispatcher;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.FaultInjectingDispatcher;
import org.causalgym.operator.testing.FaultInjectingDispatcher.Fault;
import org.causalgym.operator.testing.ReadyResources;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * The operator converges while the API server misbehaves: with a fifth of its writes failing (500,
 * 409, 429 with Retry-After, slow answers) and a third of its watch requests refused, 50 resources
 * all become Ready, each with exactly one of every object it owns and no object without its owner,
 * and the operator is healthy again once the API behaves. Prints the figures.
 */
class ApiFaultsTest {

  private static final String OPERATOR = "causal-gym-operator-under-faults";
  private static final int RESOURCES = 50;

  @Test
  void fiftyResourcesConvergeWhileAFifthOfTheWritesFail() {
    FaultInjectingDispatcher faults =
        new FaultInjectingDispatcher(new ApiServerDispatcher(), OPERATOR, 0.2, 0.3, 20261130L);
    TestCluster cluster = TestCluster.start(faults);
    KubernetesClient client = cluster.client();
    KubernetesClient operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR).build())
            .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator = null;
    try {
      cluster.withOurCrds().withPrometheusOperator();
      // From the start: the informers' first watches are refused too, and must reconnect.
      faults.enable(true);
      operator = cluster.startOperator(operatorClient, OperatorOptions.defaults(), registry);
      long started = System.nanoTime();
      for (int i = 0; i < RESOURCES; i++) {
        CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
        cr.getMetadata().setName("faulty-" + i);
        cr.getMetadata().setNamespace(i % 2 == 0 ? "lab-even" : "lab-odd");
        cr.getSpec().alerts.highErrorRate.threshold = 0.01 * (i + 1);
        client.resource(cr).create();
      }
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> ReadyResources.count(client, null) == RESOURCES);
      double seconds = (System.nanoTime() - started) / 1e9;
      faults.enable(false);

      List<CausalGymMonitoring> resources =
          client.resources(CausalGymMonitoring.class).inAnyNamespace().list().getItems();
      Set<String> uids =
          resources.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
      List<String> problems = new ArrayList<>();
      // The kinds each resource becomes where the prometheus-operator runs, from the registry.
      List<Class<? extends HasMetadata>> kinds =
          OwnedObject.desiredObjects(
                  GymPlan.of(resources.get(0), ServedKinds.prometheusOperatorOnly()))
              .stream()
              .<Class<? extends HasMetadata>>map(HasMetadata::getClass)
              .distinct()
              .toList();
      assertThat(kinds).hasSize(6);
      for (Class<? extends HasMetadata> type : kinds) {
        Map<String, Long> perInstance =
            client.resources(type).inAnyNamespace().list().getItems().stream()
                .filter(o -> o.getMetadata().getLabels() != null)
                .filter(o -> o.getMetadata().getLabels().containsKey(Labels.MANAGED_BY))
                .peek(
                    o -> {
                      boolean owned =
                          o.getMetadata().getOwnerReferences() != null
                              && o.getMetadata().getOwnerReferences().stream()
                                  .anyMatch(ref -> uids.contains(ref.getUid()));
                      if (!owned) {
                        problems.add("orphan " + o.getKind() + "/" + o.getMetadata().getName());
                      }
                    })
                .collect(
                    Collectors.groupingBy(
                        o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                        Collectors.counting()));
        if (perInstance.size() != RESOURCES) {
          problems.add(
              type.getSimpleName()
                  + ": "
                  + perInstance.size()
                  + " objects, "
                  + RESOURCES
                  + " wanted");
        }
        perInstance.forEach(
            (name, count) -> {
              if (count != 1) {
                problems.add(type.getSimpleName() + " " + name + " exists " + count + " times");
              }
            });
      }
      for (CausalGymMonitoring cr : resources) {
        PrometheusRule rule =
            client
                .resources(PrometheusRule.class)
                .inNamespace(cr.getMetadata().getNamespace())
                .withName(cr.getMetadata().getName())
                .get();
        String threshold = String.valueOf(cr.getSpec().alerts.highErrorRate.threshold);
        if (!rule.getSpec()
            .getGroups()
            .get(0)
            .getRules()
            .get(0)
            .getExpr()
            .getStrVal()
            .endsWith("> " + threshold)) {
          problems.add(
              "PrometheusRule " + cr.getMetadata().getName() + " lacks its threshold " + threshold);
        }
      }
      double failedReconciles =
          registry.find("operator.sdk.reconciliations.failed").counters().stream()
              .mapToDouble(c -> c.count())
              .sum();
      System.out.printf(
          "API faults: %d injected (%d server errors, %d conflicts, %d throttled, %d slow, %d watches"
              + " refused, %d closed), %d/%d resources converged in %.1f s, %.0f failed reconciles retried%n",
          faults.injected(),
          faults.injected(Fault.SERVER_ERROR),
          faults.injected(Fault.CONFLICT),
          faults.injected(Fault.TOO_MANY_REQUESTS),
          faults.injected(Fault.SLOW),
          faults.injected(Fault.WATCH_REFUSED),
          faults.injected(Fault.WATCH_CLOSED),
          ReadyResources.count(client, null),
          RESOURCES,
          seconds,
          failedReconciles);
      assertThat(faults.injected(Fault.CONFLICT)).as("writes failed").isPositive();
      assertThat(faults.injected(Fault.WATCH_REFUSED)).as("watches had to reconnect").isPositive();
      assertThat(faults.injected(Fault.WATCH_CLOSED)).as("open watches were closed").isPositive();
      assertThat(problems).as("duplicates, orphans, stale objects").isEmpty();
      // A watch closed just before the faults stopped is still reconnecting (with back-off).
      Operator running = operator;
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(running.getRuntimeInfo().allEventSourcesAreHealthy())
                      .as("the operator is ready again once the API behaves")
                      .isTrue());
    } finally {
      cluster.close();
      operatorClient.close();
      faults.close();
    }
  }
}
