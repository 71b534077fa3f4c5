package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The API server rewrites quantities in canonical form (cpu: 0.5 becomes 500m). Without Server-Side
 * Apply, JOSDK's matcher compares them as text and would update the Deployment on every reconcile;
 * comparing after this alignment counts only real changes.
 */
final class ServerNormalizedQuantities {

  private ServerNormalizedQuantities() {}

  /**
   * A copy of actual in which every container quantity numerically equal to the desired one is
   * written as desired writes it; actual itself, an informer's cached object, is left alone.
   */
  static Deployment alignedTo(Deployment actual, Deployment desired) {
    Deployment aligned = Serialization.clone(actual);
    List<Container> wanted = desired.getSpec().getTemplate().getSpec().getContainers();
    for (Container container : aligned.getSpec().getTemplate().getSpec().getContainers()) {
      wanted.stream()
          .filter(w -> Objects.equals(w.getName(), container.getName()))
          .findFirst()
          .ifPresent(w -> align(container.getResources(), w.getResources()));
    }
    return aligned;
  }

  private static void align(ResourceRequirements actual, ResourceRequirements desired) {
    if (actual == null || desired == null) {
      return;
    }
    align(actual.getRequests(), desired.getRequests());
    align(actual.getLimits(), desired.getLimits());
  }

  private static void align(Map<String, Quantity> actual, Map<String, Quantity> desired) {
    if (actual == null || desired == null) {
      return;
    }
    actual.replaceAll(
        (resource, quantity) -> {
          Quantity wanted = desired.get(resource);
          return wanted != null && sameAmount(quantity, wanted) ? wanted : quantity;
        });
  }

  private static boolean sameAmount(Quantity a, Quantity b) {
    try {
      return a.getNumericalAmount().compareTo(b.getNumericalAmount()) == 0;
    } catch (RuntimeException unparseable) {
      return false;
    }
  }
}
