package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * The name index answers every named read and every handler's lookup exactly as the store's own
 * scan of all its keys does, through creates, updates, patches, status writes, deletions with and
 * without finalizers, generated names and a reset.
 */
class NameIndexedStoreTest {

  /** Named paths of several kinds and scopes, the same names across namespaces, and absent ones. */
  private static final List<String> PATHS =
      List.of(
          "/api/v1/namespaces/lab-a/configmaps/same",
          "/api/v1/namespaces/lab-b/configmaps/same",
          "/api/v1/namespaces/lab-c/configmaps/same",
          "/api/v1/namespaces/lab-a/secrets/same",
          "/api/v1/namespaces/same",
          "/api/v1/namespaces/lab-a/configmaps/held",
          "/api/v1/namespaces/lab-a/configmaps/gone",
          "/apis/apps/v1/namespaces/lab-a/deployments/same",
          "/apis/apps/v1/namespaces/lab-a/deployments/same/status",
          "/api/v1/namespaces/lab-a/configmaps/never");

  private final NameIndexedStore store = new NameIndexedStore();

  /** What the store's own scan answers: its first key matching the path's attributes. */
  private Optional<Map.Entry<AttributeSet, String>> scanned(AttributeSet query) {
    return store.getMap().entrySet().stream().filter(e -> e.getKey().matches(query)).findFirst();
  }

  private void assertAnsweredAsTheScanDoes() {
    for (String path : PATHS) {
      AttributeSet query = store.getAttributeExtractor().fromPath(path);
      Optional<Map.Entry<AttributeSet, String>> scanned = scanned(query);
      MockResponse read = store.handleGet(path);
      assertThat(read.code()).as(path).isEqualTo(scanned.isPresent() ? 200 : 404);
      if (scanned.isPresent()) {
        assertThat(read.getBody().readUtf8()).as(path).isEqualTo(scanned.get().getValue());
      }
      assertThat(
              Optional.ofNullable(store.findResource(query))
                  .map(e -> Map.entry(e.getKey(), e.getValue())))
          .as(path)
          .isEqualTo(scanned.map(e -> Map.entry(e.getKey(), e.getValue())));
    }
  }

  private static ConfigMap configMap(String namespace, String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToData("k", value)
        .build();
  }

  @Test
  void namedReadsAndLookupsAreTheScansThroughEveryKindOfWrite() {
    try (TestCluster cluster = TestCluster.start(store)) {
      KubernetesClient client = cluster.client();
      assertAnsweredAsTheScanDoes();

      client.resource(configMap("lab-a", "same", "1")).create();
      client.resource(configMap("lab-b", "same", "1")).create();
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("same")
                  .withNamespace("lab-a")
                  .endMetadata()
                  .addToStringData("k", "v")
                  .build())
          .create();
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName("same").endMetadata().build())
          .create();
      for (int i = 0; i < 20; i++) {
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withGenerateName("generated-")
                    .withNamespace("lab-a")
                    .endMetadata()
                    .build())
            .create();
      }
      assertAnsweredAsTheScanDoes();

      client
          .configMaps()
          .inNamespace("lab-a")
          .withName("same")
          .edit(c -> configMap("lab-a", "same", "2"));
      client
          .configMaps()
          .inNamespace("lab-b")
          .withName("same")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"3\"}}");
      client
          .configMaps()
          .inNamespace("lab-b")
          .withName("same")
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"4\"}]");
      assertAnsweredAsTheScanDoes();

      Deployment deployment =
          client
              .resource(
                  new DeploymentBuilder()
                      .withNewMetadata()
                      .withName("same")
                      .withNamespace("lab-a")
                      .endMetadata()
                      .withNewSpec()
                      .withReplicas(1)
                      .endSpec()
                      .build())
              .create();
      deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).build());
      client.resource(deployment).updateStatus();
      assertAnsweredAsTheScanDoes();

      ConfigMap held = configMap("lab-a", "held", "1");
      held.getMetadata().setFinalizers(List.of("lab/hold"));
      client.resource(held).create();
      client.resource(configMap("lab-a", "gone", "1")).create();
      client.configMaps().inNamespace("lab-a").withName("held").delete();
      client.configMaps().inNamespace("lab-a").withName("gone").delete();
      assertAnsweredAsTheScanDoes();
      assertThat(client.configMaps().inNamespace("lab-a").withName("held").get())
          .as("held by its finalizer")
          .isNotNull();

      client
          .configMaps()
          .inNamespace("lab-a")
          .withName("held")
          .edit(
              c -> {
                c.getMetadata().setFinalizers(List.of());
                return c;
              });
      client.resource(configMap("lab-c", "same", "1")).create();
      client.configMaps().inNamespace("lab-b").withName("same").delete();
      assertAnsweredAsTheScanDoes();

      cluster.server().reset();
      assertAnsweredAsTheScanDoes();
      assertThat(store.handleGet("/api/v1/namespaces/lab-c/configmaps/same").code()).isEqualTo(404);
    }
  }
}
