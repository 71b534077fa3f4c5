package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.SecretReferences;

/**
 * Finds the Secret keys the spec refers to that do not exist. Only names and keys are looked at: no
 * value is read into a message, a log line or the status.
 */
final class MissingSecrets {

  private MissingSecrets() {}

  /** One line per missing Secret or key, naming the spec field that refers to it. */
  static List<String> find(KubernetesClient client, GymPlan plan) {
    String namespace = plan.names().namespace();
    Map<String, Optional<Secret>> secrets = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (SecretReferences.Reference reference : plan.secretReferences()) {
      String name = reference.ref().name;
      Optional<Secret> secret =
          secrets.computeIfAbsent(
              name,
              n -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(n).get()));
      if (secret.isEmpty()) {
        missing.add(reference.field() + ": Secret " + namespace + "/" + name + " does not exist");
      } else if (!hasKey(secret.get(), reference.ref().key)) {
        missing.add(
            reference.field()
                + ": Secret "
                + namespace
                + "/"
                + name
                + " has no key "
                + reference.ref().key);
      }
    }
    // Two keys of one missing Secret (the Grafana admin Secret's) are one line.
    return missing.stream().distinct().toList();
  }

  private static boolean hasKey(Secret secret, String key) {
    return (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
  }
}
