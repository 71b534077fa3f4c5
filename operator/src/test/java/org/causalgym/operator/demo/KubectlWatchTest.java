package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.Kubectl;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl get -w against the demo's API, which kubectl streams over plain HTTP: the current state
 * printed once, then each change as it is made.
 */
class KubectlWatchTest {

  private static final Duration KUBECTL_BOUND = Duration.ofSeconds(30);

  @TempDir static Path dir;

  private static Demo demo;
  private static KubernetesClient client;
  private static Path kubeconfig;

  @BeforeAll
  static void startTheDemo() throws IOException {
    demo = Demo.start(Repository.resource(Repository.samples().resolve("full.yaml")), 0, 0, false);
    client = demo.cluster().client();
    kubeconfig = dir.resolve("demo.kubeconfig");
    demo.writeKubeconfig(kubeconfig);
  }

  @AfterAll
  static void stopTheDemo() {
    demo.close();
  }

  /** The README's watch: kubectl get cgm gym -w, then a threshold edit printed as a new line. */
  @Test
  void theReadmeWatchPrintsTheResourceThenItsChange() throws Exception {
    String name = demo.resource().getMetadata().getName();
    Path plain = dir.resolve("cgm-plain.out");
    Path threshold = dir.resolve("cgm-threshold.out");
    Process plainWatch = kubectl().background(plain, "get", "cgm", name, "-w");
    Process thresholdWatch =
        kubectl()
            .background(
                threshold,
                "get",
                "cgm",
                name,
                "-w",
                "-o",
                "custom-columns=NAME:.metadata.name,THRESHOLD:.spec.alerts.highErrorRate.threshold");
    try {
      whileRunning(plainWatch, plain)
          .untilAsserted(() -> assertThat(linesStartingWith(plain, name)).isNotEmpty());
      whileRunning(thresholdWatch, threshold)
          .untilAsserted(() -> assertThat(linesStartingWith(threshold, name)).isNotEmpty());

      client
          .resources(CausalGymMonitoring.class)
          .inNamespace(demo.resource().getMetadata().getNamespace())
          .withName(name)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"alerts\":{\"highErrorRate\":{\"threshold\":0.375}}}}");

      whileRunning(thresholdWatch, threshold)
          .untilAsserted(
              () ->
                  assertThat(linesStartingWith(threshold, name))
                      .anyMatch(line -> line.matches(Pattern.quote(name) + "\\s+0\\.375")));
      whileRunning(plainWatch, plain)
          .untilAsserted(() -> assertThat(linesStartingWith(plain, name)).hasSizeGreaterThan(1));
      // The watch streams Table rows as the list does: the CRD's printer columns, not NAME AGE.
      assertThat(linesStartingWith(plain, "NAME"))
          .singleElement()
          .asString()
          .matches("NAME\\s+READY\\s+AVAILABLE\\s+SELECTED\\s+OBSERVED\\s+ALERTS\\s+AGE");
    } finally {
      plainWatch.destroy();
      thresholdWatch.destroy();
    }
  }

  /**
   * kubectl lists, then watches from the list's resourceVersion: what it listed is not printed
   * again, what is created afterwards is.
   */
  @Test
  void aWatchedListPrintsEachObjectOnceThenWhatIsCreated() throws Exception {
    String namespace = "watch-list";
    create(deployment(namespace, "first"));
    Path out = dir.resolve("deploy.out");
    Process watch = kubectl().background(out, "get", "deploy", "-n", namespace, "-w");
    try {
      whileRunning(watch, out)
          .untilAsserted(() -> assertThat(linesStartingWith(out, "first")).hasSize(1));

      create(deployment(namespace, "second"));

      whileRunning(watch, out)
          .untilAsserted(() -> assertThat(linesStartingWith(out, "second")).hasSize(1));
      assertThat(linesStartingWith(out, "first")).as(Files.readString(out)).hasSize(1);
    } finally {
      watch.destroy();
    }
  }

  @Test
  void aWatchOverAllNamespacesPrintsWhatIsCreatedInAnyOfThem() throws Exception {
    create(deployment("watch-all-a", "one"));
    Path out = dir.resolve("deploy-all.out");
    Process watch = kubectl().background(out, "get", "deploy", "-A", "-w");
    try {
      whileRunning(watch, out)
          .untilAsserted(() -> assertThat(linesStartingWith(out, "watch-all-a ")).hasSize(1));

      create(deployment("watch-all-b", "two"));

      whileRunning(watch, out)
          .untilAsserted(
              () ->
                  assertThat(linesStartingWith(out, "watch-all-b "))
                      .singleElement()
                      .satisfies(line -> assertThat(line).matches("watch-all-b\\s+two\\s.*")));
      assertThat(linesStartingWith(out, "watch-all-a ")).hasSize(1);
    } finally {
      watch.destroy();
    }
  }

  @Test
  void aDeletionIsPrintedAsDeletedWithWatchEvents() throws Exception {
    String namespace = "watch-delete";
    create(configMap(namespace, "doomed"));
    Path out = dir.resolve("deleted.out");
    Process watch =
        kubectl().background(out, "get", "cm", "-n", namespace, "-w", "--output-watch-events");
    try {
      whileRunning(watch, out)
          .untilAsserted(
              () ->
                  assertThat(linesStartingWith(out, "ADDED")).anyMatch(l -> l.contains("doomed")));

      client.configMaps().inNamespace(namespace).withName("doomed").delete();

      whileRunning(watch, out)
          .untilAsserted(
              () ->
                  assertThat(linesStartingWith(out, "DELETED"))
                      .anySatisfy(line -> assertThat(line).matches("DELETED\\s+doomed\\s.*")));
    } finally {
      watch.destroy();
    }
  }

  /** Fabric8 clients, the operator's informers among them, watch over WebSocket: through too. */
  @Test
  void aFabric8InformerThroughTheKubeconfigSeesAddUpdateAndDelete() throws Exception {
    String namespace = "watch-informer";
    List<String> seen = new CopyOnWriteArrayList<>();
    try (KubernetesClient user =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        SharedIndexInformer<ConfigMap> informer =
            user.configMaps().inNamespace(namespace).inform(recording(seen))) {
      await().atMost(KUBECTL_BOUND).until(informer::hasSynced);

      create(configMap(namespace, "watched"));
      client
          .configMaps()
          .inNamespace(namespace)
          .withName("watched")
          .edit(cm -> new ConfigMapBuilder(cm).addToData("more", "yes").build());
      client.configMaps().inNamespace(namespace).withName("watched").delete();

      await()
          .atMost(KUBECTL_BOUND)
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsExactly("add watched", "update watched", "delete watched"));
    }
  }

  /**
   * The stream as the API server writes it, read without kubectl: chunked JSON lines, what exists
   * first as ADDED, each change as it comes, and a clean end at timeoutSeconds. Each request
   * through the front is counted once by the API.
   */
  @Test
  void anHttpWatchIsChunkedJsonLinesEndingAtTimeoutSeconds() throws Exception {
    try (DemoCluster cluster = new DemoCluster(0)) {
      KubernetesClient store = cluster.client();
      store.resource(configMap("plain", "present")).create();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int before = cluster.requestCount();

      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(cluster.url() + "api/v1/namespaces/plain/configmaps"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(cluster.requestCount()).isEqualTo(before + 1);

      HttpResponse<InputStream> watch =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          cluster.url()
                              + "api/v1/namespaces/plain/configmaps?watch=true&timeoutSeconds=3"))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(watch.statusCode()).isEqualTo(200);
      assertThat(watch.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(watch.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
      List<String> lines = new CopyOnWriteArrayList<>();
      AtomicReference<Object> end = new AtomicReference<>();
      Thread reader = new Thread(() -> readLines(watch.body(), lines, end));
      reader.start();

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines).hasSize(1));
      store.resource(configMap("plain", "later")).create();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines).hasSize(2));

      await().atMost(Duration.ofSeconds(30)).until(() -> end.get() != null);
      assertThat(end.get()).as("how the stream ended").isEqualTo("end of stream");
      assertThat(lines.stream().map(KubectlWatchTest::typeAndName))
          .containsExactly("ADDED present", "ADDED later");
      // The list, the watch (one WebSocket to the mock) and the create.
      assertThat(cluster.requestCount()).isEqualTo(before + 3);
    }
  }

  /**
   * What the lead's Table conversion hooks into: each streamed object is what the rewriter makes of
   * it, told the Accept header, the path with its query and whether the event is the first.
   */
  @Test
  void anHttpWatchStreamsWhatTheRewriterMakesOfEachObject() throws Exception {
    String accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    WatchEventRewriter described =
        (acceptHeader, path, object, first) ->
            Serialization.jsonMapper()
                .createObjectNode()
                .put("accept", acceptHeader)
                .put("path", path)
                .put("first", first)
                .put("name", object.path("metadata").path("name").asText());
    try (DemoCluster cluster = new DemoCluster(0);
        ApiFront front = new ApiFront(0, cluster.client().getMasterUrl().getPort(), described)) {
      cluster.client().resource(configMap("rewritten", "a")).create();
      cluster.client().resource(configMap("rewritten", "b")).create();
      String path = "/api/v1/namespaces/rewritten/configmaps?watch=1&timeoutSeconds=1";

      HttpResponse<String> watch =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + path))
                      .header("Accept", accept)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .get(30, TimeUnit.SECONDS);

      assertThat(watch.statusCode()).isEqualTo(200);
      List<Map<String, Object>> objects =
          watch.body().lines().map(KubectlWatchTest::object).toList();
      assertThat(objects)
          .extracting(o -> o.get("accept"), o -> o.get("path"))
          .containsOnly(tuple(accept, path));
      assertThat(objects).extracting(o -> o.get("first")).containsExactly(true, false);
      assertThat(objects).extracting(o -> o.get("name")).containsExactlyInAnyOrder("a", "b");
    }
  }

  private static void readLines(InputStream body, List<String> lines, AtomicReference<Object> end) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
      end.set("end of stream");
    } catch (IOException e) {
      end.set(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static String typeAndName(String line) {
    Map<String, Object> metadata = (Map<String, Object>) object(line).get("metadata");
    return Serialization.unmarshal(line, Map.class).get("type") + " " + metadata.get("name");
  }

  /** The object of one event line. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String line) {
    return (Map<String, Object>) Serialization.unmarshal(line, Map.class).get("object");
  }

  /** Awaits while kubectl runs: its ending fails the wait at once, with what it printed. */
  private static ConditionFactory whileRunning(Process kubectl, Path output) {
    return await()
        .atMost(KUBECTL_BOUND)
        .failFast(
            () ->
                assertThat(kubectl.isAlive())
                    .as(() -> "kubectl ended, printing:\n" + String.join("\n", lines(output)))
                    .isTrue());
  }

  private static Kubectl kubectl() {
    return Kubectl.against(kubeconfig);
  }

  private static List<String> linesStartingWith(Path output, String prefix) {
    return lines(output).stream().filter(l -> l.startsWith(prefix)).toList();
  }

  private static List<String> lines(Path output) {
    try {
      return Files.exists(output) ? Files.readAllLines(output) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ResourceEventHandler<ConfigMap> recording(List<String> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap cm) {
        seen.add("add " + cm.getMetadata().getName());
      }

      @Override
      public void onUpdate(ConfigMap before, ConfigMap after) {
        seen.add("update " + after.getMetadata().getName());
      }

      @Override
      public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
        seen.add("delete " + cm.getMetadata().getName());
      }
    };
  }

  private static void create(HasMetadata object) {
    client.resource(object).create();
  }

  private static ConfigMap configMap(String namespace, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .addToData("key", "value")
        .build();
  }

  private static Deployment deployment(String namespace, String name) {
    Map<String, String> labels = Map.of("app", name);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(labels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("registry.example/" + name + ":1")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
