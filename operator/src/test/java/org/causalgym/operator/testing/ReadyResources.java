package org.causalgym.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.causalgym.operator.api.CausalGymMonitoring;

/** How many CausalGymMonitoring resources say their current generation is Ready. */
public final class ReadyResources {

  private ReadyResources() {}

  /** Whether the resource's status says its current generation is Ready. */
  public static boolean isReady(CausalGymMonitoring cr) {
    return cr.getStatus() != null
        && cr.getStatus().conditions.stream()
            .anyMatch(
                c ->
                    c.getType().equals("Ready")
                        && c.getStatus().equals("True")
                        && cr.getMetadata().getGeneration().equals(c.getObservedGeneration()));
  }

  /** Counts in namespace, or in every namespace where it is null. */
  public static long count(KubernetesClient client, String namespace) {
    var resources = client.resources(CausalGymMonitoring.class);
    var list =
        namespace == null
            ? resources.inAnyNamespace().list()
            : resources.inNamespace(namespace).list();
    return list.getItems().stream().filter(ReadyResources::isReady).count();
  }
}
