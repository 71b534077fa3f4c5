package org.causalgym.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Registers CRDs in a mock API server, as installing them on a cluster would. */
public final class ClusterCrds {

  private ClusterCrds() {}

  /** The committed CRDs of crds/, the ones the Helm chart installs. */
  public static void installOurs(KubernetesClient client) {
    try (Stream<Path> files = Files.list(Repository.root().resolve("crds"))) {
      files.forEach(
          file ->
              client.apiextensions().v1().customResourceDefinitions().load(file.toFile()).create());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The monitoring.coreos.com CRDs the operator creates objects of. */
  public static void installPrometheusOperator(KubernetesClient client) {
    for (Class<? extends HasMetadata> type :
        List.of(ServiceMonitor.class, PrometheusRule.class, AlertmanagerConfig.class)) {
      client.apiextensions().v1().customResourceDefinitions().resource(crdOf(type)).create();
    }
  }

  /** A schema-less CRD that serves the kind of a Fabric8 model class, like the upstream one. */
  private static CustomResourceDefinition crdOf(Class<? extends HasMetadata> type) {
    String plural = HasMetadata.getPlural(type);
    String group = HasMetadata.getGroup(type);
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + "." + group)
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(HasMetadata.getKind(type))
        .withPlural(plural)
        .withSingular(HasMetadata.getSingular(type))
        .endNames()
        .addNewVersion()
        .withName(HasMetadata.getVersion(type))
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
