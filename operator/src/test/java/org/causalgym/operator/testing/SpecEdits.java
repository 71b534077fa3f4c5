package org.causalgym.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Consumer;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;

/** Edits of a resource's spec as a user makes them. */
public final class SpecEdits {

  private SpecEdits() {}

  /**
   * Edits the spec as kubectl edit does: read, change, write back with the resourceVersion read, so
   * that a write in between (the operator's status) makes it start over instead of applying the
   * change to a version it did not see.
   */
  public static void edit(
      KubernetesClient client,
      String namespace,
      String name,
      Consumer<CausalGymMonitoringSpec> change) {
    while (true) {
      CausalGymMonitoring cr =
          client.resources(CausalGymMonitoring.class).inNamespace(namespace).withName(name).get();
      change.accept(cr.getSpec());
      try {
        client.resource(cr).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }
}
