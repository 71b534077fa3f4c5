package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadDigestsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LARGE = "{\"panels\":[" + "1,".repeat(600) + "1]}";
  private static final String SMALL = "a generated password, kept whole";

  @Test
  void theInformerHoldsLargeValuesAsTheirDigestAndSmallOnesWhole() {
    ItemStore<ConfigMap> store = PayloadDigests.itemStore(ConfigMap.class).orElseThrow();
    ConfigMap map = configMap(LARGE);
    store.put(store.getKey(map), map);

    ConfigMap held = store.get("ns/gym-dashboards");
    assertThat(held.getData().get("small")).isEqualTo(SMALL);
    assertThat(held.getData().get("gym.json"))
        .startsWith(PayloadDigests.MARKER)
        .hasSize(PayloadDigests.MARKER.length() + 64);
    assertThat(held.getBinaryData().get("blob")).startsWith(PayloadDigests.MARKER);
    assertThat(store.isFullState()).as("Fabric8's full-state informer semantics").isTrue();
  }

  @Test
  void aSecretsDataIsHeldAsDigestsAndOtherKindsWhole() {
    ItemStore<Secret> store = PayloadDigests.itemStore(Secret.class).orElseThrow();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("alertmanager")
            .withNamespace("ns")
            .endMetadata()
            .withData(Map.of("alertmanager.yaml", LARGE, "password", SMALL))
            .build();
    store.put(store.getKey(secret), secret);
    assertThat(store.get("ns/alertmanager").getData().get("alertmanager.yaml"))
        .startsWith(PayloadDigests.MARKER);
    assertThat(store.get("ns/alertmanager").getData().get("password")).isEqualTo(SMALL);
    assertThat(PayloadDigests.itemStore(Pod.class)).isEmpty();
  }

  @Test
  void theComparableFormTellsEveryChangeOfALargeValue() {
    JsonNode desired = PayloadDigests.comparable(JSON.valueToTree(configMap(LARGE)));
    ItemStore<ConfigMap> store = PayloadDigests.itemStore(ConfigMap.class).orElseThrow();
    ConfigMap cached = configMap(LARGE);
    store.put(store.getKey(cached), cached);

    assertThat((JsonNode) JSON.valueToTree(store.get("ns/gym-dashboards"))).isEqualTo(desired);
    assertThat(PayloadDigests.comparable(desired.deepCopy())).as("idempotent").isEqualTo(desired);
    ConfigMap edited = configMap(LARGE.replaceFirst("1]", "2]"));
    store.put(store.getKey(edited), edited);
    assertThat((JsonNode) JSON.valueToTree(store.get("ns/gym-dashboards"))).isNotEqualTo(desired);
  }

  @Test
  void aDigestAboutToBeWrittenIsFound() {
    assertThat(PayloadDigests.digestAt(JSON.valueToTree(configMap(LARGE)))).isEmpty();
    JsonNode digested = PayloadDigests.comparable(JSON.valueToTree(configMap(LARGE)));
    assertThat(PayloadDigests.digestAt(digested)).contains("data.gym.json");
  }

  private static ConfigMap configMap(String json) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("gym-dashboards")
        .withNamespace("ns")
        .endMetadata()
        .withData(Map.of("gym.json", json, "small", SMALL))
        .withBinaryData(Map.of("blob", "QUJD".repeat(200)))
        .build();
  }
}
