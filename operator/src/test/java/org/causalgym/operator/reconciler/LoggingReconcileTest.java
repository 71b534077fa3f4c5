package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.BuiltInAlerts;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ElasticsearchSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.testing.SecretValues;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * The logging pipeline: switched on and off touching nothing else, its Secret reported by field.
 */
class LoggingReconcileTest extends ReconcilerTestBase {

  private Map<String, String> resourceVersionsBut(String... kindAndNames) {
    Map<String, String> versions = new java.util.TreeMap<>();
    for (Class<? extends HasMetadata> type : TestCluster.ownedKinds()) {
      for (HasMetadata object : cluster.list(type, NAMESPACE)) {
        String key = object.getKind() + "/" + object.getMetadata().getName();
        if (!List.of(kindAndNames).contains(key) && !key.endsWith("-filebeat")) {
          versions.put(key, object.getMetadata().getResourceVersion());
        }
      }
    }
    return versions;
  }

  /**
   * Logging on adds the pipeline to the Deployment, its ConfigMap and the PodEvicted alert; off
   * takes exactly that away.
   */
  @Test
  void switchingLoggingOnAndOffTouchesNothingElse() {
    startOperator(true);
    createSecret("es-key", "api-key", SecretValues.distinct("es-api-key"));
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("Reconciled"));
    Deployment before = owned(Deployment.class);
    Map<String, String> others =
        resourceVersionsBut("Deployment/" + NAME, "PrometheusRule/" + NAME);

    editSpec(
        spec -> {
          spec.logging.enabled = true;
          spec.logging.file = "/data/gym/out.jsonl";
          spec.logging.elasticsearch = new ElasticsearchSpec();
          spec.logging.elasticsearch.hosts.add("http://es.logs-lab:9200");
          spec.logging.elasticsearch.apiKey = new SecretKeyRef("es-key", "api-key");
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(ConfigMap.class, NAME + "-filebeat")).isNotNull();
              assertThat(owned(Deployment.class).getSpec().getTemplate().getSpec().getContainers())
                  .extracting(c -> c.getName())
                  .containsExactly("gym", "filebeat");
              assertThat(ready().getReason()).isEqualTo("Reconciled");
            });
    Deployment on = owned(Deployment.class);
    assertThat(on.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anyMatch(
            e -> e.getName().equals("LOG_FILE") && e.getValue().equals("/data/gym/out.jsonl"));
    assertThat(resourceVersionsBut("Deployment/" + NAME, "PrometheusRule/" + NAME))
        .as("every other object")
        .isEqualTo(others);
    assertThat(alertNames()).contains(BuiltInAlerts.POD_EVICTED);
    // The next reconciles find nothing to change: the pods are rolled once.
    assertNoRequestsWhileIdle();
    assertThat(owned(Deployment.class).getMetadata().getResourceVersion())
        .isEqualTo(on.getMetadata().getResourceVersion());

    editSpec(spec -> spec.logging.enabled = false);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(ConfigMap.class, NAME + "-filebeat")).isNull();
              assertThat(owned(Deployment.class).getSpec().getTemplate().getSpec().getContainers())
                  .extracting(c -> c.getName())
                  .containsExactly("gym");
            });
    Deployment off = owned(Deployment.class);
    assertThat(off.getSpec().getTemplate().getSpec())
        .as("sidecar, volumes, env and mounts gone: the pod is what it was")
        .isEqualTo(before.getSpec().getTemplate().getSpec());
    assertThat(resourceVersionsBut("Deployment/" + NAME, "PrometheusRule/" + NAME))
        .as("every other object")
        .isEqualTo(others);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(alertNames()).doesNotContain(BuiltInAlerts.POD_EVICTED));
  }

  private List<String> alertNames() {
    return owned(PrometheusRule.class).getSpec().getGroups().stream()
        .flatMap(g -> g.getRules().stream())
        .map(r -> r.getAlert())
        .toList();
  }

  @Test
  void aMissingElasticsearchSecretIsReportedByItsField() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().logging.enabled = true;
    cr.getSpec().logging.elasticsearch = new ElasticsearchSpec();
    cr.getSpec().logging.elasticsearch.hosts.add("http://es.logs-lab:9200");
    cr.getSpec().logging.elasticsearch.username = "gym";
    cr.getSpec().logging.elasticsearch.password = new SecretKeyRef("es-login", "password");
    create(cr);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("MissingSecret"));
    assertThat(ready().getMessage())
        .contains(
            "spec.logging.elasticsearch.password: Secret "
                + NAMESPACE
                + "/es-login does not exist");
    createSecret("es-login", "password", SecretValues.distinct("es-login"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("Reconciled"));
  }
}
