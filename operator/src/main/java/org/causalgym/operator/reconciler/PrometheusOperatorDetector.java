package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/** Finds out whether the cluster serves the prometheus-operator kinds the operator creates. */
public final class PrometheusOperatorDetector {

  static final List<String> REQUIRED_CRDS =
      List.of("servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com");

  private PrometheusOperatorDetector() {}

  /** Why ServiceMonitor and PrometheusRule cannot be created here, or empty when they can. */
  public static Optional<String> unavailableReason(KubernetesClient client) {
    for (String name : REQUIRED_CRDS) {
      CustomResourceDefinition crd;
      try {
        crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
      } catch (KubernetesClientException e) {
        return Optional.of(
            "cannot read CustomResourceDefinition " + name + " (HTTP " + e.getCode() + ")");
      }
      if (crd == null
          || crd.getSpec().getVersions().stream()
              .noneMatch(v -> servesV1(v.getName(), v.getServed()))) {
        return Optional.of(
            "the cluster does not serve monitoring.coreos.com/v1 ("
                + name
                + " is missing); install the prometheus-operator CRDs, e.g. with kube-prometheus-stack");
      }
    }
    return Optional.empty();
  }

  private static boolean servesV1(String version, Boolean served) {
    return "v1".equals(version) && Boolean.TRUE.equals(served);
  }
}
