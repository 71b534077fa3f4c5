package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SpecEdits;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An Updated Event names the field of ours that differed (of a spec compared by its digest, the
 * spec), never JOSDK's bookkeeping annotation, and the drift counter counts only what someone else
 * changed, not what the spec asked for.
 */
class UpdateEventsTest {

  private static final String NAMESPACE = "lab-events";
  private static final String NAME = "trial-9";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TestCluster cluster = TestCluster.start().withOurCrds().withPrometheusOperator();
  private final KubernetesClient client = cluster.client();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void stop() {
    cluster.close();
  }

  private List<String> updates() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> "Updated".equals(e.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  @Test
  void anUpdateNamesTheFieldThatDifferedAndOnlyOthersChangesCountAsDrift() {
    cluster.startOperator(client, OperatorOptions.defaults(), registry);
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName(NAME);
    cr.getMetadata().setNamespace(NAMESPACE);
    client.resource(cr).create();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                cluster
                    .condition(NAMESPACE, NAME, "Ready")
                    .map(c -> c.getReason().equals("Reconciled"))
                    .orElse(false));

    SpecEdits.edit(client, NAMESPACE, NAME, spec -> spec.alerts.highErrorRate.threshold = 0.37);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(updates())
                    .singleElement()
                    .asString()
                    .isEqualTo("Updated PrometheusRule " + NAME + " (spec: changed)"));
    cluster.assertNoRequestsWhileIdle();
    assertThat(registry.scrape()).doesNotContain("causalgym_drift_corrections_total{");

    client
        .services()
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .edit(
            s -> {
              s.getSpec().getPorts().get(0).setPort(7171);
              return s;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(updates())
                    .contains("Updated Service " + NAME + " (spec.ports.0.port: changed)"));
    cluster.assertNoRequestsWhileIdle();
    assertThat(registry.scrape())
        .contains("causalgym_drift_corrections_total{kind=\"Service\"} 1.0");
    assertThat(updates()).noneMatch(m -> m.contains("javaoperatorsdk.io"));
    Service service = client.services().inNamespace(NAMESPACE).withName(NAME).get();
    assertThat(service.getSpec().getPorts().get(0).getPort()).isNotEqualTo(7171);
  }
}
