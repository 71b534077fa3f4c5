package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.ApiServerDispatcher;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.ReadyResources;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * Watch events that cannot change anything reconcile nothing: those of the objects the operator
 * creates, even when they arrive before the creates' answers (an API server that stores each create
 * at once but answers it 300 ms later, as a loaded one does), and those of the objects its
 * informers list when it starts, which every resource's start-up pass already sees.
 */
class OneReconcilePerChangeTest {

  private static final int RESOURCES = 3;
  private static final int RESTARTED = 40;

  @Test
  void aNewResourceIsReconciledOnceWhenItsObjectsEventsBeatTheAnswers() {
    AtomicInteger lateAnswers = new AtomicInteger();
    Dispatcher store = new ApiServerDispatcher();
    Dispatcher lateCreates =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse response = store.dispatch(request);
            boolean ownedCreate =
                "POST".equals(request.getMethod())
                    && !request.getPath().contains("causalgymmonitorings")
                    && !request.getPath().contains("customresourcedefinitions")
                    && !request.getPath().contains("/events");
            if (ownedCreate) {
              lateAnswers.incrementAndGet();
              return response.setBodyDelay(300, TimeUnit.MILLISECONDS);
            }
            return response;
          }
        };
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (TestCluster cluster = TestCluster.start(lateCreates)) {
      KubernetesClient client = cluster.withOurCrds().withPrometheusOperator().client();
      cluster.startOperator(client, OperatorOptions.defaults(), registry);
      createReady(client, "slow-api", RESOURCES);
      assertThat(lateAnswers).as("creates answered late").hasValueGreaterThanOrEqualTo(RESOURCES);
      assertReconcilesSettleAt(registry, RESOURCES);
    }
  }

  @Test
  void aRestartReconcilesEachResourceOnce() {
    try (TestCluster cluster = TestCluster.start()) {
      KubernetesClient client = cluster.withOurCrds().withPrometheusOperator().client();
      Operator first = cluster.startOperator();
      createReady(client, "restart", RESTARTED);
      first.stop();

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      cluster.startOperator(client, OperatorOptions.defaults(), registry);
      assertReconcilesSettleAt(registry, RESTARTED);
    }
  }

  /** Creates count resources from the minimal sample in namespace and waits until all are Ready. */
  private static void createReady(KubernetesClient client, String namespace, int count) {
    for (int i = 0; i < count; i++) {
      CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
      cr.getMetadata().setName("gym-" + i);
      cr.getMetadata().setNamespace(namespace);
      client.resource(cr).create();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ReadyResources.count(client, namespace) == count);
  }

  /** The reconciles reach expected and, 2 s later, have not gone past it. */
  private static void assertReconcilesSettleAt(PrometheusMeterRegistry registry, int expected) {
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciles(registry) >= expected);
    // A second reconcile, if one were triggered, would start within the events' delivery.
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(() -> assertThat(reconciles(registry)).as("reconciles").isEqualTo(expected));
  }

  private static double reconciles(PrometheusMeterRegistry registry) {
    return registry.find("operator.sdk.reconciliations.started").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
