package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * The demo API's garbage collector on writes: an object whose owners are all gone is deleted as it
 * is written, one with a live owner only loses the reference to a gone one, and one whose owners
 * exist is left alone, also among many objects.
 */
class GarbageCollectorTest {

  private static OwnerReference owner(String name, String uid) {
    return new OwnerReferenceBuilder()
        .withApiVersion("v1")
        .withKind("ConfigMap")
        .withName(name)
        .withUid(uid)
        .build();
  }

  private static ConfigMap configMap(String name, OwnerReference... owners) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("lab-gc")
        .withOwnerReferences(List.of(owners))
        .endMetadata()
        .addToData("k", "v")
        .build();
  }

  @Test
  void aWrittenObjectIsCollectedExactlyWhenItsOwnersAreGone() {
    try (TestCluster cluster = TestCluster.start()) {
      KubernetesClient client = cluster.client();
      var configMaps = client.configMaps().inNamespace("lab-gc");
      String parentUid = configMaps.resource(configMap("parent")).create().getMetadata().getUid();
      for (int i = 0; i < 50; i++) {
        configMaps.resource(configMap("child-" + i, owner("parent", parentUid))).create();
      }

      configMaps.resource(configMap("dangling", owner("ghost", "no-such-uid"))).create();
      configMaps
          .resource(configMap("half", owner("parent", parentUid), owner("ghost", "no-such-uid")))
          .create();

      assertThat(configMaps.withName("dangling").get()).as("owner gone").isNull();
      assertThat(configMaps.withName("half").get().getMetadata().getOwnerReferences())
          .extracting(OwnerReference::getUid)
          .containsExactly(parentUid);
      assertThat(configMaps.list().getItems()).hasSize(52);

      configMaps.withName("parent").delete();

      assertThat(configMaps.list().getItems()).isEmpty();
    }
  }
}
