package org.causalgym.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.causalgym.operator.api.CausalGymMonitoring;

/** Creates resources from samples/minimal.yaml under names of a test's own. */
public final class MinimalResources {

  private MinimalResources() {}

  /** Creates prefix-0 … prefix-(count-1) in the namespace. */
  public static void create(KubernetesClient client, String namespace, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
      cr.getMetadata().setName(prefix + "-" + i);
      cr.getMetadata().setNamespace(namespace);
      client.resource(cr).create();
    }
  }
}
