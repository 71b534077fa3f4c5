package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.Labels;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.helm.HelmChartRules;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * The registry of owned objects is the one place a kind is added: the workflow is built from it, so
 * what remains to agree with it is each entry's builder and the chart's RBAC.
 */
class OwnedObjectRegistryTest {

  @Test
  void everyEntryBuildsAnObjectOfItsTypeAndName() {
    GymPlan plan =
        GymPlan.of(
            Repository.resource(Repository.samples().resolve("full.yaml")),
            ServedKinds.everything());
    for (OwnedObject owned : OwnedObject.values()) {
      HasMetadata desired = owned.desired(plan);
      assertThat(desired).as(owned.name()).isInstanceOf(owned.type());
      assertThat(desired.getMetadata().getName()).isEqualTo(owned.name(plan.names()));
      assertThat(desired.getKind()).isEqualTo(owned.kind());
    }
  }

  @Test
  void entriesOfAKindWithInformersOfTheirOwnAreToldApartByTheirAppName() {
    GymPlan plan =
        GymPlan.of(
            Repository.resource(Repository.samples().resolve("full.yaml")),
            ServedKinds.everything());
    Map<Class<?>, List<OwnedObject>> unshared =
        java.util.Arrays.stream(OwnedObject.values())
            .filter(owned -> OwnedKindInformers.informerOwner(owned).isEmpty())
            .collect(java.util.stream.Collectors.groupingBy(OwnedObject::type));
    assertThat(unshared.get(io.fabric8.kubernetes.api.model.Secret.class)).hasSize(2);
    for (List<OwnedObject> entries : unshared.values()) {
      if (entries.size() == 1) {
        assertThat(OwnedKindInformers.appNameAmongItsKind(entries.get(0)))
            .as(entries.get(0).name())
            .isEmpty();
        continue;
      }
      Set<String> names = new HashSet<>();
      for (OwnedObject owned : entries) {
        String label = owned.desired(plan).getMetadata().getLabels().get(Labels.NAME);
        assertThat(OwnedKindInformers.appNameAmongItsKind(owned)).as(owned.name()).contains(label);
        assertThat(names.add(label)).as("%s's app name is its own", owned.name()).isTrue();
      }
    }
  }

  /**
   * JOSDK finds a resource's objects in each informer by the names its mapping gives: each entry's
   * object must be named by exactly one informer's mapping, the one that caches its kind.
   */
  @Test
  void eachEntryIsNamedByTheOneInformerThatCachesIt() {
    List<OwnedObject> informers =
        java.util.Arrays.stream(OwnedObject.values())
            .filter(owned -> OwnedKindInformers.informerOwner(owned).isEmpty())
            .toList();
    for (OwnedObject owned : OwnedObject.values()) {
      List<OwnedObject> naming =
          informers.stream()
              .filter(informer -> OwnedKindInformers.cachedBy(informer).contains(owned))
              .toList();
      assertThat(naming).as(owned.name()).hasSize(1);
      assertThat(naming.get(0).type()).as(owned.name()).isEqualTo(owned.type());
    }
    assertThat(OwnedKindInformers.cachedBy(OwnedObject.DEPLOYMENT))
        .as("the app's Deployment informer caches the stack's Deployments too")
        .contains(OwnedObject.DEPLOYMENT, OwnedObject.STACK_GRAFANA_DEPLOYMENT);
  }

  @Test
  void theWorkflowHasOneDependentPerEntry() {
    assertThat(JosdkWorkflowSeam.specs())
        .extracting(spec -> spec.getName())
        .containsExactly(
            java.util.Arrays.stream(OwnedObject.values()).map(Enum::name).toArray(String[]::new));
  }

  @Test
  void theChartGrantsWhatEveryEntryNeeds() throws Exception {
    Map<String, Set<String>> granted = HelmChartRules.namespacedGrants();
    for (OwnedObject owned : OwnedObject.values()) {
      String resource =
          HasMetadata.getGroup(owned.type()) + "/" + HasMetadata.getPlural(owned.type());
      Set<String> needed = new HashSet<>(Set.of("list", "watch", "create", "update"));
      if (owned.canBeUnwanted()) {
        needed.add("delete");
      }
      assertThat(granted.getOrDefault(resource, Set.of()))
          .as("verbs the chart grants on %s for %s", resource, owned)
          .containsAll(needed);
    }
    assertThat(granted).containsKey(CausalGymMonitoring.GROUP + "/causalgymmonitorings");
  }
}
