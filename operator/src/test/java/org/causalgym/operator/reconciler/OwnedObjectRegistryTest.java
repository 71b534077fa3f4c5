package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.helm.HelmChartRules;
import org.causalgym.operator.model.OwnedObject;
import org.junit.jupiter.api.Test;

/**
 * The registry of owned objects (OwnedObject), the reconciler's workflow and the chart's RBAC say
 * the same: a kind added to one and not the others fails here, before any cluster sees it.
 */
class OwnedObjectRegistryTest {

  private static List<OwnedResourceDependent<?>> workflow() throws ReflectiveOperationException {
    List<OwnedResourceDependent<?>> dependents = new ArrayList<>();
    for (Dependent dependent :
        CausalGymMonitoringReconciler.class.getAnnotation(Workflow.class).dependents()) {
      dependents.add(
          (OwnedResourceDependent<?>) dependent.type().getDeclaredConstructor().newInstance());
    }
    return dependents;
  }

  @Test
  void theWorkflowHasOneDependentPerRegisteredObjectInItsOrder() throws Exception {
    List<OwnedResourceDependent<?>> dependents = workflow();
    assertThat(dependents)
        .extracting(OwnedResourceDependent::owned)
        .containsExactly(OwnedObject.values());
    for (OwnedResourceDependent<?> dependent : dependents) {
      assertThat(HasMetadata.getKind(dependent.resourceType()))
          .as(dependent.owned().name())
          .isEqualTo(dependent.owned().kind());
    }
  }

  @Test
  void objectsTheSpecCanSwitchOffAreDeletedByTheWorkflow() {
    for (Dependent dependent :
        CausalGymMonitoringReconciler.class.getAnnotation(Workflow.class).dependents()) {
      boolean switchable = dependent.reconcilePrecondition() != Condition.class;
      assertThat(switchable)
          .as("%s: objects that can stop being wanted need WantedForResource", dependent.name())
          .isEqualTo(dependent.reconcilePrecondition() == WantedForResource.class);
    }
  }

  @Test
  void theChartGrantsWhatEveryRegisteredObjectNeeds() throws Exception {
    Map<String, Set<String>> granted = HelmChartRules.namespacedGrants();
    for (Dependent dependent :
        CausalGymMonitoringReconciler.class.getAnnotation(Workflow.class).dependents()) {
      OwnedResourceDependent<?> owned =
          (OwnedResourceDependent<?>) dependent.type().getDeclaredConstructor().newInstance();
      Class<? extends HasMetadata> type = owned.resourceType();
      String resource = HasMetadata.getGroup(type) + "/" + HasMetadata.getPlural(type);
      Set<String> needed = new HashSet<>(Set.of("list", "watch", "create", "update"));
      if (dependent.reconcilePrecondition() == WantedForResource.class) {
        needed.add("delete");
      }
      assertThat(granted.getOrDefault(resource, Set.of()))
          .as("verbs the chart grants on %s for %s", resource, owned.owned())
          .containsAll(needed);
    }
    assertThat(granted).containsKey(CausalGymMonitoring.GROUP + "/causalgymmonitorings");
  }
}
