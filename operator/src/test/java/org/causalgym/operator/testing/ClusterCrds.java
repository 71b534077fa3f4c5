package org.causalgym.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
import org.causalgym.operator.demo.SchemalessCrds;

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
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(SchemalessCrds.of(type))
          .create();
    }
  }
}
