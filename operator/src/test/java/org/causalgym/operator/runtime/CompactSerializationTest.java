package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.MetricsSpec;
import org.causalgym.operator.desired.JsonMapping;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * Objects read through the compact mapping share their short strings and, where they have no
 * unknown fields, one empty map of them, leave out managedFields, and otherwise read exactly as
 * with Fabric8's own mapping.
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
  void mapsOfStringsAreHeldInArrayMapsThatWriteAsTheyWereRead() {
    KubernetesSerialization compact = CompactSerialization.create();
    KubernetesSerialization plain = new KubernetesSerialization();
    String json =
        plain.asJson(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("trial-7")
                .addToLabels("zeta", "last-key-first")
                .addToLabels("alpha", "1")
                .addToAnnotations("note", "kept")
                .addNewOwnerReference()
                .withKind("CausalGymMonitoring")
                .withName("trial-7")
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "trial-7")
                .endSelector()
                .endSpec()
                .build());
    Deployment read = compact.unmarshal(json, Deployment.class);
    assertThat(read.getMetadata().getLabels())
        .isInstanceOf(ArrayMap.class)
        .containsExactly(Map.entry("zeta", "last-key-first"), Map.entry("alpha", "1"));
    assertThat(read.getSpec().getSelector().getMatchLabels()).isInstanceOf(ArrayMap.class);
    assertThat(read.getMetadata().getOwnerReferences()).isInstanceOf(java.util.ArrayList.class);
    assertThat(compact.asJson(read)).isEqualTo(json);
    // A copy read to be changed can be, its maps and its (trimmed) lists.
    read.getMetadata().getLabels().put("added", "yes");
    assertThat(read.getMetadata().getLabels()).containsEntry("added", "yes").hasSize(3);
    read.getMetadata().getFinalizers().add("example.org/first");
    read.getMetadata().getOwnerReferences().add(new OwnerReference());
    assertThat(read.getMetadata().getOwnerReferences()).hasSize(2);
  }

  @Test
  void theBuffersOfAReadGoBackToThePoolAllThreadsShare() throws Exception {
    KubernetesSerialization compact = CompactSerialization.create();
    String json = CONFIG_MAP.formatted("gym-1", "x".repeat(20_000));
    JsonMapping.BUFFERS.clear();
    Thread reader = new Thread(() -> compact.unmarshal(json, ConfigMap.class));
    reader.start();
    reader.join();
    assertThat(JsonMapping.BUFFERS.pooledCount()).isEqualTo(1);
  }

  @Test
  void equalDoublesAreHeldOnce() {
    KubernetesSerialization compact = CompactSerialization.create();
    String json =
        new KubernetesSerialization()
            .asJson(Repository.resource(Repository.samples().resolve("minimal.yaml")));
    List<Double> first =
        compact.unmarshal(json, CausalGymMonitoring.class).getSpec().metrics.responseTimeBuckets;
    List<Double> second =
        compact.unmarshal(json, CausalGymMonitoring.class).getSpec().metrics.responseTimeBuckets;
    assertThat(first).isEqualTo(MetricsSpec.DEFAULT_RESPONSE_TIME_BUCKETS).isNotSameAs(second);
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.get(i)).isSameAs(second.get(i));
    }
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

  @Test
  void modelObjectsWithoutUnknownFieldsShareOneEmptyMapAndKeepTheirUnknownFields() {
    KubernetesSerialization compact = CompactSerialization.create();
    KubernetesSerialization plain = new KubernetesSerialization();
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("gym")
            .withNamespace("lab")
            .addToAdditionalProperties("futureField", "kept")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("gym")
            .withImage("gym:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    String json = plain.asJson(deployment);

    Deployment read = compact.unmarshal(json, Deployment.class);
    Deployment again = compact.unmarshal(json, Deployment.class);
    assertThat(read.getSpec().getAdditionalProperties()).isEmpty();
    assertThat(read.getSpec().getAdditionalProperties())
        .isSameAs(again.getSpec().getAdditionalProperties())
        .isSameAs(
            read.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getAdditionalProperties());
    assertThat(read.getMetadata().getAdditionalProperties())
        .isInstanceOf(ArrayMap.class)
        .containsExactly(Map.entry("futureField", "kept"));
    assertThat(compact.asJson(read)).isEqualTo(json);
    assertThat(read).isEqualTo(plain.unmarshal(json, Deployment.class));
    // What code does with an object read: a builder copies it into maps of its own.
    Deployment edited =
        new DeploymentBuilder(read).editSpec().addToAdditionalProperties("x", 1).endSpec().build();
    assertThat(edited.getSpec().getAdditionalProperties()).containsEntry("x", 1);
  }

  @Test
  void aGenericResourceKeepsItsOwnMap() {
    KubernetesSerialization compact = CompactSerialization.create();
    GenericKubernetesResource read =
        compact.unmarshal(
            "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"a\"}}",
            GenericKubernetesResource.class);
    read.setAdditionalProperty("spec", Map.of("size", 1));
    assertThat(read.getAdditionalProperties()).containsKey("spec");
  }

  @Test
  void managedFieldsAreNotReadAndNotWritten() {
    KubernetesSerialization compact = CompactSerialization.create();
    ConfigMap read =
        compact.unmarshal(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","
                + "\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Apply\","
                + "\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:k\":{}}}}]},"
                + "\"data\":{\"k\":\"v\"}}",
            ConfigMap.class);
    assertThat(read.getMetadata().getManagedFields()).isEmpty();
    assertThat(read.getData()).containsEntry("k", "v");
    assertThat(compact.asJson(read)).doesNotContain("managedFields");
  }
}
