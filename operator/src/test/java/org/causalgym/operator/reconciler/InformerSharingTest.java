package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.testing.ReadyResources;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One informer per kind: the registry's several Deployments, Services and ConfigMaps are each
 * listed and watched once, however many entries share the kind; and the kinds only the plain form
 * or a managed stack uses are not watched at all until a resource uses them.
 */
class InformerSharingTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * Watches of owned objects (the managed-by selector), by plural and label selector, e.g.
   * "deployments app.kubernetes.io/managed-by=causal-gym-operator".
   */
  private final Map<String, Integer> watches = new ConcurrentHashMap<>();

  private TestCluster cluster;
  private KubernetesClient client;
  private Operator operator;

  @BeforeEach
  void start() {
    cluster =
        TestCluster.start(
                store ->
                    new Dispatcher() {
                      @Override
                      public MockResponse dispatch(RecordedRequest request) {
                        String path = request.getPath();
                        if (path.contains("watch=true") && path.contains("managed-by")) {
                          String resources = path.substring(0, path.indexOf('?'));
                          String selector = path.replaceFirst(".*labelSelector=([^&]*).*", "$1");
                          watches.merge(
                              resources.substring(resources.lastIndexOf('/') + 1)
                                  + " "
                                  + URLDecoder.decode(selector, StandardCharsets.UTF_8),
                              1,
                              Integer::sum);
                        }
                        return store.dispatch(request);
                      }
                    })
            .withOurCrds();
    client = cluster.client();
    operator = cluster.startOperator();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Set<String> watchedPlurals() {
    return watches.keySet().stream()
        .map(w -> w.substring(0, w.indexOf(' ')))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static Set<String> plurals(List<OwnedObject> entries) {
    return entries.stream()
        .map(o -> HasMetadata.getPlural(o.type()))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  @Test
  void everyKindStartedWithTheOperatorIsListedAndWatchedOnce() {
    List<OwnedObject> startedWithTheOperator =
        List.of(OwnedObject.values()).stream()
            .filter(o -> OwnedObjectWorkflow.activation(o).isEmpty())
            .toList();
    Map<String, Long> entriesPerKind =
        startedWithTheOperator.stream()
            .collect(Collectors.groupingBy(o -> o.type().getSimpleName(), Collectors.counting()));
    assertThat(entriesPerKind.values()).as("kinds with several entries").contains(4L);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(watchedPlurals()).isEqualTo(plurals(startedWithTheOperator)));
    assertThat(watches.values()).as("watches per kind").containsOnly(1);
  }

  @Test
  void thePlainFormsAndStacksKindsAreWatchedFromTheFirstResourceThatUsesThem() {
    List<OwnedObject> stackOnly =
        List.of(OwnedObject.values()).stream()
            .filter(OwnedKindInformers::onlyInPlainFormOrStacks)
            .toList();
    assertThat(plurals(stackOnly))
        .as("kinds only the plain form or a managed stack uses")
        .contains("serviceaccounts", "roles", "rolebindings", "statefulsets", "secrets");

    // Ready needs the prometheus-operator's kinds where no managed stack runs.
    cluster.withPrometheusOperator();
    create("minimal.yaml", "plain");
    await().atMost(TIMEOUT).until(() -> ReadyResources.count(client, "informers") == 1);
    assertThat(watchedPlurals()).as("watched without a managed stack").isNotEmpty();
    assertThat(watchedPlurals()).doesNotContainAnyElementsOf(plurals(stackOnly));

    create("managed-stack.yaml", "stacked");
    await().atMost(TIMEOUT).until(() -> ReadyResources.count(client, "informers") == 2);
    assertThat(watchedPlurals()).containsAll(plurals(stackOnly));
    // The Secrets of the plain form's Alertmanager and of Grafana: an informer each, each caching
    // only its own.
    assertThat(watches.keySet().stream().filter(w -> w.startsWith("secrets ")))
        .hasSize(2)
        .allMatch(w -> w.contains("app.kubernetes.io/name="));
    // The next resource without a stack keeps them: JOSDK would stop an informer it deactivates.
    create("minimal.yaml", "plain-again");
    await().atMost(TIMEOUT).until(() -> ReadyResources.count(client, "informers") == 3);
    assertThat(watches.values()).as("watches per kind").containsOnly(1);
  }

  @Test
  void aStackTurnedOffWhileTheOperatorWasStoppedIsDeletedAfterItStarts() {
    CausalGymMonitoring stacked = create("managed-stack.yaml", "was-stacked");
    await().atMost(TIMEOUT).until(() -> ReadyResources.count(client, "informers") == 1);
    Set<String> stackObjects = stackObjects();
    assertThat(stackObjects).as("the stack's objects of its own kinds").isNotEmpty();

    operator.stop();
    cluster.withPrometheusOperator();
    client
        .resources(CausalGymMonitoring.class)
        .inNamespace("informers")
        .withName(stacked.getMetadata().getName())
        .edit(
            cr -> {
              cr.getSpec().stack = null;
              return cr;
            });
    watches.clear();
    operator = cluster.startOperator();
    // No resource wants the kinds now; the status' list of what was applied starts their informers.
    await().atMost(TIMEOUT).until(() -> stackObjects().isEmpty());
    await().atMost(TIMEOUT).until(() -> ReadyResources.count(client, "informers") == 1);
  }

  /** Kind/name of the objects of the managed stack's own kinds in the namespace. */
  private Set<String> stackObjects() {
    return List.of(OwnedObject.values()).stream()
        .filter(OwnedKindInformers::onlyInPlainFormOrStacks)
        .map(OwnedObject::type)
        .distinct()
        .flatMap(type -> client.resources(type).inNamespace("informers").list().getItems().stream())
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private CausalGymMonitoring create(String sample, String name) {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve(sample));
    cr.getMetadata().setName(name);
    cr.getMetadata().setNamespace("informers");
    return client.resource(cr).create();
  }
}
