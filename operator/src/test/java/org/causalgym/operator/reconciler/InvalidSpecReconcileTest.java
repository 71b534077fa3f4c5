package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackMode;
import org.junit.jupiter.api.Test;

/**
 * An invalid spec is reported by field and writes nothing; an invalid edit keeps the last good
 * objects.
 */
class InvalidSpecReconcileTest extends ReconcilerTestBase {

  @Test
  void anInvalidSpecIsReportedByFieldAndNothingIsCreated() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().alerts.highMemoryUsage.thresholdPercent = 140;
    cr.getSpec().metrics.scrapeTimeout = "30s";
    create(cr);
    assertReportedByFieldWithNothingWritten();
  }

  /** The managed stack's kinds too: an invalid resource writes none of them. */
  @Test
  void anInvalidManagedStackIsReportedByFieldAndNothingIsCreated() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().stack.mode = StackMode.managed;
    cr.getSpec().alerts.highMemoryUsage.thresholdPercent = 140;
    cr.getSpec().metrics.scrapeTimeout = "30s";
    create(cr);
    assertReportedByFieldWithNothingWritten();
  }

  private void assertReportedByFieldWithNothingWritten() {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("InvalidSpec"));
    Condition ready = ready();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage())
        .contains("spec.alerts.highMemoryUsage.thresholdPercent")
        .contains("spec.metrics.scrapeTimeout");
    // Every kind of the registry: a kind added there is covered here unasked.
    assertThat(cluster.objectsOf(NAMESPACE, NAME)).isEmpty();
  }

  @Test
  void anInvalidEditKeepsTheLastGoodObjects() {
    startOperator(true);
    create(resource("{highErrorRate: {threshold: 0.4}}"));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));

    editSpec(
        spec -> {
          spec.alerts.highErrorRate.threshold = 5;
          spec.app.metricsPort = spec.app.port;
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("InvalidSpec"));
    assertThat(ready().getMessage()).contains("spec.app.metricsPort");
    assertThat(expr(owned(PrometheusRule.class), "HighErrorRate"))
        .isEqualTo("rate(causal_gym_errors{job=\"trial-9\", namespace=\"lab-west\"}[5m]) > 0.4");
    assertThat(owned(Service.class).getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(7000, 7001);
  }
}
