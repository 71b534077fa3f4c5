package org.causalgym.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.UUID;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The suite-wide scan of writes sees what it must: every client of the JVM carries it, a value
 * written to a Secret is looked for in later writes of other objects, of status and of Events, and
 * a resource's spec (the test's own input) and short values are left alone.
 */
class SecretScanWritesTest {

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void everyClientOfTheJvmIsScanned() {
    long before = SecretScanWrites.INSTANCE.objects.get();
    client.resource(configMap("plain", Map.of())).create();
    assertThat(SecretScanWrites.INSTANCE.objects.get()).isGreaterThan(before);
  }

  @Test
  void aValueWrittenToASecretIsFoundWhereverItIsCopied() {
    SecretScanWrites scan = new SecretScanWrites();
    String value = "leaked-" + UUID.randomUUID();
    String shortValue = "admin";
    try (KubernetesClient probe =
        new KubernetesClientBuilder()
            .withConfig(client.getConfiguration())
            .withHttpClientFactory(new SecretScanHttpClientFactory(scan))
            .build()) {
      probe
          .secrets()
          .inNamespace("lab")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("smtp")
                  .endMetadata()
                  .withStringData(Map.of("password", value, "user", shortValue))
                  .build())
          .create();
      probe.resource(configMap("innocent", Map.of("user", shortValue))).create();
      assertThat(scan.hits).as("a short value is a coincidence, not a copy").isEmpty();

      probe
          .resource(configMap("leaky", Map.of("alertmanager.yml", "smtp_auth_password: " + value)))
          .create();
      CausalGymMonitoring cr = new CausalGymMonitoring();
      cr.getMetadata().setName("gym");
      cr.getMetadata().setNamespace("lab");
      CausalGymMonitoring created = probe.resource(cr).create();
      created.setStatus(new CausalGymMonitoringStatus());
      created.getStatus().receivers.add(value);
      probe.resource(created).updateStatus();
      probe
          .v1()
          .events()
          .inNamespace("lab")
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName("gym.1")
                  .endMetadata()
                  .withMessage("connecting with " + value)
                  .build())
          .create();
      assertThat(scan.hits)
          .as("the resource's spec is the test's input; its status is the operator's output")
          .containsExactly(
              "POST /api/v1/namespaces/lab/configmaps",
              "PUT /apis/"
                  + CausalGymMonitoring.GROUP
                  + "/"
                  + CausalGymMonitoring.VERSION
                  + "/namespaces/lab/causalgymmonitorings/gym/status",
              "POST /api/v1/namespaces/lab/events");
      assertThat(scan.objects.get()).isEqualTo(2);
      assertThat(scan.statuses.get()).isEqualTo(1);
      assertThat(scan.events.get()).isEqualTo(1);
    }
  }

  private static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("lab")
        .endMetadata()
        .withData(data)
        .build();
  }
}
