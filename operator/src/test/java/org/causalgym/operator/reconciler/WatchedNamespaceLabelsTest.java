package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With watchNamespaces, the labels a Prometheus' namespace selector matches are still followed,
 * though the operator watches its namespaces by name only (what the chart's resourceNames allow).
 */
class WatchedNamespaceLabelsTest {

  private static final String NAMESPACE = "lab-north";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();
  private Operator operator;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aWatchedNamespacesLabelsDecideSelectedAsTheyChange() {
    cluster.withOurCrds().withPrometheusOperator();
    label(NAMESPACE, Map.of("team", "other"));
    client
        .resource(
            new PrometheusBuilder()
                .withNewMetadata()
                .withNamespace("obs")
                .withName("kps")
                .endMetadata()
                .withNewSpec()
                .withServiceMonitorSelector(
                    new LabelSelectorBuilder().addToMatchLabels("release", "kps").build())
                .withServiceMonitorNamespaceSelector(
                    new LabelSelectorBuilder().addToMatchLabels("team", "gym").build())
                .endSpec()
                .build())
        .create();
    operator = cluster.startOperator(new OperatorOptions(Set.of(NAMESPACE), null, reason -> {}));
    client
        .resource(
            Repository.resource(
                """
                apiVersion: monitoring.causal-gym.org/v1alpha1
                kind: CausalGymMonitoring
                metadata: {name: gym, namespace: %s}
                spec:
                  app: {image: "registry.example.org/gym:7", port: 7000, metricsPort: 7001}
                  prometheus: {selectorLabels: {release: kps}}
                """
                    .formatted(NAMESPACE)))
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(selected().getMessage())
                    .contains("in namespaces labelled team=gym; label namespace " + NAMESPACE));

    label(NAMESPACE, Map.of("team", "gym"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(selected().getMessage())
                    .doesNotContain("label namespace " + NAMESPACE)
                    .contains("Prometheus obs/kps"));
  }

  private void label(String namespace, Map<String, String> labels) {
    if (client.namespaces().withName(namespace).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(namespace)
                  .withLabels(labels)
                  .endMetadata()
                  .build())
          .create();
    } else {
      client
          .namespaces()
          .withName(namespace)
          .edit(
              n -> {
                n.getMetadata().setLabels(labels);
                return n;
              });
    }
  }

  private Condition selected() {
    CausalGymMonitoring cr =
        client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName("gym").get();
    return cr.getStatus() == null
        ? new Condition()
        : cr.getStatus().conditions.stream()
            .filter(c -> c.getType().equals("Selected"))
            .findFirst()
            .orElse(new Condition());
  }
}
