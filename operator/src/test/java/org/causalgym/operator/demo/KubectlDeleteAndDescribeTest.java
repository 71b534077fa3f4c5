package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Kubectl;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl delete and describe against the demo's API: deletion follows owner references as the
 * garbage collector does (background, foreground and orphan), and describe lists the resource's own
 * Events.
 */
class KubectlDeleteAndDescribeTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** A finalizer of this test's, holding one dependent while its owner is deleted. */
  private static final String HOLD = "test.causalgym.org/hold";

  @TempDir Path dir;

  private static CausalGymMonitoring sample() {
    return Repository.resource(Repository.samples().resolve("full.yaml"));
  }

  @Test
  void deleteRemovesEveryObjectTheResourceOwned() throws Exception {
    try (Demo demo = Demo.start(sample(), 0, 0, false)) {
      Kubectl kubectl = kubectl(demo);
      KubernetesClient client = demo.cluster().client();
      String uid = demo.resource().getMetadata().getUid();
      assertThat(ownedBy(client, uid)).as("objects the operator made").hasSizeGreaterThan(1);

      ExternalTool.Result deleted = kubectl.run("delete", "cgm", "gym");

      assertThat(deleted.exitCode()).as(deleted.output()).isZero();
      assertThat(demo.resource()).isNull();
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(names(ownedBy(client, uid))).isEmpty());
    }
  }

  /**
   * The owner stays, marked deleted with the foregroundDeletion finalizer, while a dependent is
   * held by a finalizer of its own; all other dependents are gone by then, and the owner goes once
   * the held one does.
   */
  @Test
  void foregroundDeletionKeepsTheOwnerUntilItsDependentsAreGone() throws Exception {
    try (Demo demo = Demo.start(sample(), 0, 0, false)) {
      Kubectl kubectl = kubectl(demo);
      KubernetesClient client = demo.cluster().client();
      String uid = demo.resource().getMetadata().getUid();
      List<GenericKubernetesResource> owned = ownedBy(client, uid);
      GenericKubernetesResource held = owned.get(0);
      edit(client, held, meta -> meta.getFinalizers().add(HOLD));
      List<CausalGymMonitoring> seen = new CopyOnWriteArrayList<>();
      try (Watch watch =
          client
              .resources(CausalGymMonitoring.class)
              .inNamespace(demo.resource().getMetadata().getNamespace())
              .withName("gym")
              .watch(recorder(seen))) {

        ExternalTool.Result deleted =
            kubectl.run("delete", "cgm", "gym", "--cascade=foreground", "--wait=false");

        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> assertThat(names(ownedBy(client, uid))).containsExactly(name(held)));
        ObjectMeta owner = demo.resource().getMetadata();
        assertThat(owner.getDeletionTimestamp()).isNotNull();
        assertThat(owner.getFinalizers()).contains("foregroundDeletion");
        assertThat(get(client, held).getMetadata().getDeletionTimestamp()).isNotNull();

        edit(client, held, meta -> meta.getFinalizers().remove(HOLD));

        await().atMost(PATIENCE).until(() -> demo.resource() == null);
        assertThat(ownedBy(client, uid)).isEmpty();
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(seen)
                        .anyMatch(
                            cgm ->
                                cgm.getMetadata().getDeletionTimestamp() != null
                                    && cgm.getMetadata()
                                        .getFinalizers()
                                        .contains("foregroundDeletion")));
      }
    }
  }

  @Test
  void orphanDeletionLeavesTheDependentsWithoutTheOwnerReference() throws Exception {
    try (Demo demo = Demo.start(sample(), 0, 0, false)) {
      Kubectl kubectl = kubectl(demo);
      KubernetesClient client = demo.cluster().client();
      String uid = demo.resource().getMetadata().getUid();
      List<GenericKubernetesResource> owned = ownedBy(client, uid);
      assertThat(owned).hasSizeGreaterThan(1);

      ExternalTool.Result deleted = kubectl.run("delete", "cgm", "gym", "--cascade=orphan");

      assertThat(deleted.exitCode()).as(deleted.output()).isZero();
      await().atMost(PATIENCE).until(() -> demo.resource() == null);
      assertThat(ownedBy(client, uid)).isEmpty();
      for (GenericKubernetesResource dependent : owned) {
        assertThat(get(client, dependent)).as(name(dependent)).isNotNull();
      }
    }
  }

  /**
   * describe lists the Events of the resource described and no other's: not those of a resource of
   * another name in its namespace, nor those of one of its name in another namespace.
   */
  @Test
  void describeListsTheResourcesOwnEvents() throws Exception {
    try (Demo demo = Demo.start(sample(), 0, 0, false)) {
      Kubectl kubectl = kubectl(demo);
      KubernetesClient client = demo.cluster().client();
      CausalGymMonitoring other = sample();
      other.getMetadata().setName("other");
      CausalGymMonitoring elsewhere = sample();
      elsewhere.getMetadata().setNamespace("elsewhere");
      for (CausalGymMonitoring resource : List.of(other, elsewhere)) {
        HasMetadata created = client.resource(resource).create();
        await().atMost(PATIENCE).until(() -> !eventsOf(client, created).isEmpty());
      }

      for (HasMetadata described : List.of(demo.resource(), other, elsewhere)) {
        ObjectMeta meta = described.getMetadata();
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  HasMetadata current =
                      client
                          .resources(CausalGymMonitoring.class)
                          .inNamespace(meta.getNamespace())
                          .withName(meta.getName())
                          .get();
                  List<String> expected =
                      eventsOf(client, current).stream()
                          .map(e -> e.getReason() + " " + e.getMessage())
                          .sorted()
                          .toList();
                  ExternalTool.Result describe =
                      kubectl.run("-n", meta.getNamespace(), "describe", "cgm", meta.getName());
                  assertThat(describe.exitCode()).as(describe.output()).isZero();
                  assertThat(expected).isNotEmpty();
                  assertThat(describedEvents(describe.output())).isEqualTo(expected);
                });
      }
    }
  }

  /** Events select on their own fields only, as the API server's do; other kinds as before. */
  @Test
  void anUnknownEventFieldIsRefusedAndOtherKindsStillSelectByName() throws Exception {
    try (Demo demo = Demo.start(sample(), 0, 0, false)) {
      Kubectl kubectl = kubectl(demo);

      ExternalTool.Result unknown = kubectl.run("get", "events", "--field-selector", "spec.x=1");
      ExternalTool.Result byName =
          kubectl.run("get", "cgm", "--field-selector", "metadata.name=gym", "-o", "name");

      assertThat(unknown.exitCode()).isNotZero();
      assertThat(unknown.output())
          .contains("Error from server (BadRequest)", "field label not supported: spec.x");
      assertThat(byName.exitCode()).as(byName.output()).isZero();
      assertThat(byName.output().strip())
          .isEqualTo("causalgymmonitoring." + CausalGymMonitoring.GROUP + "/gym");
    }
  }

  private Kubectl kubectl(Demo demo) throws Exception {
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    demo.writeKubeconfig(kubeconfig);
    return Kubectl.against(kubeconfig);
  }

  /** The Reason and Message of each row under "Events:" in kubectl describe's output. */
  private static List<String> describedEvents(String output) {
    List<String> lines = output.lines().toList();
    int start = lines.indexOf("Events:");
    assertThat(start).as(output).isNotNegative();
    List<String> rows = new ArrayList<>();
    // A header row and a row of dashes, then one row per Event: Type Reason Age From Message.
    for (String row : lines.subList(Math.min(start + 3, lines.size()), lines.size())) {
      String[] columns = row.strip().split("\\s{2,}", 5);
      if (columns.length == 5) {
        rows.add(columns[1] + " " + columns[4]);
      }
    }
    return rows.stream().sorted().toList();
  }

  private static List<Event> eventsOf(KubernetesClient client, HasMetadata resource) {
    return client
        .v1()
        .events()
        .inNamespace(resource.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(e -> resource.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
        .toList();
  }

  /**
   * Every object of every kind the API serves whose ownerReferences name uid, read through
   * discovery: no list of the kinds the operator makes is assumed.
   */
  private static List<GenericKubernetesResource> ownedBy(KubernetesClient client, String uid) {
    List<String> groupVersions = new ArrayList<>(List.of("v1"));
    for (APIGroup group : client.getApiGroups().getGroups()) {
      group.getVersions().forEach(v -> groupVersions.add(v.getGroupVersion()));
    }
    List<GenericKubernetesResource> owned = new ArrayList<>();
    for (String groupVersion : groupVersions) {
      for (APIResource resource : client.getApiResources(groupVersion).getResources()) {
        if (resource.getName().contains("/")) {
          continue;
        }
        for (GenericKubernetesResource item :
            client
                .genericKubernetesResources(context(groupVersion, resource))
                .inAnyNamespace()
                .list()
                .getItems()) {
          if (item.getMetadata().getOwnerReferences().stream()
              .anyMatch(o -> uid.equals(o.getUid()))) {
            owned.add(item);
          }
        }
      }
    }
    return owned;
  }

  private static ResourceDefinitionContext context(String groupVersion, APIResource resource) {
    int slash = groupVersion.indexOf('/');
    return new ResourceDefinitionContext.Builder()
        .withGroup(slash < 0 ? "" : groupVersion.substring(0, slash))
        .withVersion(groupVersion.substring(slash + 1))
        .withPlural(resource.getName())
        .withKind(resource.getKind())
        .withNamespaced(resource.getNamespaced())
        .build();
  }

  private static GenericKubernetesResource get(
      KubernetesClient client, GenericKubernetesResource object) {
    return client
        .genericKubernetesResources(object.getApiVersion(), object.getKind())
        .inNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName())
        .get();
  }

  private static void edit(
      KubernetesClient client,
      GenericKubernetesResource object,
      java.util.function.Consumer<ObjectMeta> change) {
    client
        .genericKubernetesResources(object.getApiVersion(), object.getKind())
        .inNamespace(object.getMetadata().getNamespace())
        .withName(object.getMetadata().getName())
        .edit(
            current -> {
              change.accept(current.getMetadata());
              return current;
            });
  }

  private static String name(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  private static List<String> names(List<? extends HasMetadata> objects) {
    return objects.stream().map(KubectlDeleteAndDescribeTest::name).toList();
  }

  private static Watcher<CausalGymMonitoring> recorder(List<CausalGymMonitoring> seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, CausalGymMonitoring resource) {
        seen.add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
