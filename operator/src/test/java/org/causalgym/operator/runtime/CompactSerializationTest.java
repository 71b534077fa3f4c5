package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * Objects read through the compact mapping share their short strings, and read exactly as with
 * Fabric8's own mapping.
 */
class CompactSerializationTest {

  private static final String CONFIG_MAP =
      "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\","
          + "\"labels\":{\"app.kubernetes.io/managed-by\":\"causal-gym-operator\"}},"
          + "\"data\":{\"big\":\"%s\"}}";

  @Test
  void shortStringsAreHeldOnceAndLongOnesAreLeftAlone() {
    KubernetesSerialization compact = CompactSerialization.create();
    String big = "x".repeat(CompactSerialization.LONGEST_SHARED + 1);
    ConfigMap first = compact.unmarshal(CONFIG_MAP.formatted("gym-1", big), ConfigMap.class);
    ConfigMap second = compact.unmarshal(CONFIG_MAP.formatted("gym-2", big), ConfigMap.class);
    assertThat(first.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
        .isSameAs(second.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    assertThat(first.getKind()).isSameAs(second.getKind());
    assertThat(first.getData().get("big"))
        .isEqualTo(second.getData().get("big"))
        .isNotSameAs(second.getData().get("big"));
  }

  @Test
  void aResourceReadsAsWithFabric8sOwnMapping() {
    KubernetesSerialization plain = new KubernetesSerialization();
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("full.yaml"));
    String json = plain.asJson(cr);
    assertThat(CompactSerialization.create().unmarshal(json, CausalGymMonitoring.class))
        .usingRecursiveComparison()
        .isEqualTo(plain.unmarshal(json, CausalGymMonitoring.class));
  }
}
