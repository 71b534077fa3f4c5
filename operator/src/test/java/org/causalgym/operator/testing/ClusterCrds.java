package org.causalgym.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.monitoring.v1.Alertmanager;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
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
import org.causalgym.operator.desired.GrafanaDashboard;

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

  /**
   * The monitoring.coreos.com CRDs the operator creates objects of, and those of the Prometheus and
   * Alertmanager resources whose selectors it checks, as kube-prometheus-stack installs them.
   */
  public static void installPrometheusOperator(KubernetesClient client) {
    install(
        client,
        List.of(
            ServiceMonitor.class,
            PrometheusRule.class,
            AlertmanagerConfig.class,
            Prometheus.class,
            Alertmanager.class));
  }

  /** grafana-operator's GrafanaDashboard CRD. */
  public static void installGrafanaOperator(KubernetesClient client) {
    install(client, List.of(GrafanaDashboard.class));
  }

  private static void install(KubernetesClient client, List<Class<? extends HasMetadata>> types) {
    for (Class<? extends HasMetadata> type : types) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(SchemalessCrds.of(type))
          .create();
    }
  }
}
