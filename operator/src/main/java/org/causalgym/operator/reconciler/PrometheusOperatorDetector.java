package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Finds out whether the cluster serves the prometheus-operator kinds the operator creates. */
public final class PrometheusOperatorDetector {

  /** The CRDs, and the version of each, that the operator creates objects of. */
  static final Map<String, String> REQUIRED_CRDS =
      new TreeMap<>(
          Map.of(
              "servicemonitors.monitoring.coreos.com", "v1",
              "prometheusrules.monitoring.coreos.com", "v1",
              "alertmanagerconfigs.monitoring.coreos.com", "v1alpha1"));

  private PrometheusOperatorDetector() {}

  /** Why the monitoring.coreos.com objects cannot be created here, or empty when they can. */
  public static Optional<String> unavailableReason(KubernetesClient client) {
    for (Map.Entry<String, String> required : REQUIRED_CRDS.entrySet()) {
      String name = required.getKey();
      String version = required.getValue();
      CustomResourceDefinition crd;
      try {
        crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      } catch (KubernetesClientException e) {
        return Optional.of(
            "cannot read CustomResourceDefinition " + name + " (HTTP " + e.getCode() + ")");
      }
      if (crd == null
          || crd.getSpec().getVersions().stream()
              .noneMatch(v -> version.equals(v.getName()) && Boolean.TRUE.equals(v.getServed()))) {
        return Optional.of(
            "the cluster does not serve "
                + name
                + " "
                + version
                + "; install the prometheus-operator CRDs, e.g. with kube-prometheus-stack");
      }
    }
    return Optional.empty();
  }
}
