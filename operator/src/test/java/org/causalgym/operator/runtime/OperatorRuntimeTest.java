package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.status.StatusReport;
import org.causalgym.operator.testing.LeaseRights;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator as a process: health, readiness, metrics, JSON logs, events, scope, leadership. */
class OperatorRuntimeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    cluster.close();
  }

  private Operator operator(OperatorOptions options, PrometheusMeterRegistry registry) {
    cluster.withOurCrds().withPrometheusOperator();
    return cluster.operator(client, options, registry);
  }

  private static CausalGymMonitoring resource(String namespace, String name) {
    return Repository.resource(
        """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata: {name: %s, namespace: %s}
        spec: {app: {image: "registry.example.org/gym:5"}}
        """
            .formatted(name, namespace));
  }

  private String readyReason(String namespace, String name) {
    CausalGymMonitoring cr =
        client.resources(CausalGymMonitoring.class).inNamespace(namespace).withName(name).get();
    if (cr == null || cr.getStatus() == null) {
      return null;
    }
    return StatusReport.ready(cr.getStatus()).getReason();
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double sample(String scrape, String series) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(-1);
  }

  @Test
  void readyOnlyOnceInformersSyncedAndMetricsMoveWithReconciles() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator = operator(OperatorOptions.defaults(), registry);
    OperatorEndpoints endpoints =
        new OperatorEndpoints(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () ->
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            registry);
    toClose.add(endpoints);

    assertThat(get(endpoints.port(), "/healthz").statusCode()).isEqualTo(200);
    assertThat(get(endpoints.port(), "/readyz").statusCode()).isEqualTo(503);
    operator.start();
    assertThat(get(endpoints.port(), "/readyz").statusCode()).isEqualTo(200);

    String before = get(endpoints.port(), "/metrics").body();
    client.resource(resource("lab-a", "gym-a")).create();
    await().atMost(TIMEOUT).until(() -> "Reconciled".equals(readyReason("lab-a", "gym-a")));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              String after = get(endpoints.port(), "/metrics").body();
              assertThat(sample(after, "causalgym_managed_resources{state=\"Reconciled\"}"))
                  .isEqualTo(1.0);
              assertThat(after).contains("operator_sdk_reconciliations_success_total");
              assertThat(after).contains("jvm_memory_used_bytes", "process_cpu_usage");
            });
    String after = get(endpoints.port(), "/metrics").body();
    assertThat(before).doesNotContain("operator_sdk_reconciliations_success_total{");
    // Bounded cardinality: no series is labelled with a resource's name.
    assertThat(after).doesNotContain("gym-a");
    assertThat(get(endpoints.port(), "/metrics").headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  @Test
  void eventsTellTheStoryAndDriftIsCounted() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    operator(OperatorOptions.defaults(), registry).start();
    client.resource(resource("lab-b", "gym-b")).create();
    await().atMost(TIMEOUT).until(() -> "Reconciled".equals(readyReason("lab-b", "gym-b")));

    List<Event> events = client.v1().events().inNamespace("lab-b").list().getItems();
    // One Event for the pass that created every object, not one per object.
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getInvolvedObject().getName()).isEqualTo("gym-b");
              assertThat(e.getReason()).isEqualTo("Created");
              assertThat(e.getMessage())
                  .startsWith("Created Deployment gym-b; Created Service gym-b; ")
                  .contains("; Created PrometheusRule gym-b");
            });

    client.services().inNamespace("lab-b").withName("gym-b").delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(registry.scrape())
                    .contains("causalgym_drift_corrections_total{kind=\"Service\"} 1.0"));

    client
        .resources(CausalGymMonitoring.class)
        .inNamespace("lab-b")
        .withName("gym-b")
        .edit(
            cr -> {
              cr.getSpec().app.port = cr.getSpec().app.metricsPort;
              return cr;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("lab-b").list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo("InvalidSpec");
                          assertThat(e.getMessage()).contains("spec.app.metricsPort");
                        }));
    assertThat(registry.scrape()).contains("causalgym_invalid_specs_total 1.0");
  }

  @Test
  void watchesOnlyTheNamespacesItIsGiven() {
    operator(
            new OperatorOptions(Set.of("lab-c"), null, reason -> {}),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .start();
    client.resource(resource("lab-c", "gym-c")).create();
    client.resource(resource("lab-d", "gym-d")).create();

    await().atMost(TIMEOUT).until(() -> "Reconciled".equals(readyReason("lab-c", "gym-c")));
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(readyReason("lab-d", "gym-d")).isNull();
    assertThat(client.apps().deployments().inNamespace("lab-d").list().getItems()).isEmpty();
  }

  @Test
  void withLeaderElectionItTakesTheLeaseAndReconciles() {
    LeaseRights.grant(cluster.server());
    operator(
            new OperatorOptions(Set.of(), "operators", reason -> {}),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .start();
    client.resource(resource("lab-e", "gym-e")).create();

    await().atMost(TIMEOUT).until(() -> "Reconciled".equals(readyReason("lab-e", "gym-e")));
    Lease lease =
        client.leases().inNamespace("operators").withName(OperatorOptions.LEASE_NAME).get();
    assertThat(lease).isNotNull();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
  }

  @Test
  void shardsSplitTheResourcesByLabelEachWithItsOwnLease() {
    LeaseRights.grant(cluster.server());
    OperatorOptions shardA =
        new OperatorOptions(Set.of(), "operators", reason -> {}).withLabelSelector("shard=a");
    OperatorOptions shardB =
        new OperatorOptions(Set.of(), "operators", reason -> {}).withLabelSelector("shard=b");
    operator(shardA, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start();
    CausalGymMonitoring a = resource("lab-s", "gym-a");
    a.getMetadata().setLabels(Map.of("shard", "a"));
    CausalGymMonitoring b = resource("lab-s", "gym-b");
    b.getMetadata().setLabels(Map.of("shard", "b"));
    client.resource(a).create();
    client.resource(b).create();

    await().atMost(TIMEOUT).until(() -> "Reconciled".equals(readyReason("lab-s", "gym-a")));
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(readyReason("lab-s", "gym-b")).as("another shard's resource").isNull();

    cluster.startOperator(client, shardB, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    await().atMost(TIMEOUT).until(() -> "Reconciled".equals(readyReason("lab-s", "gym-b")));
    assertThat(shardA.leaseName()).isNotEqualTo(shardB.leaseName()).startsWith("causal-gym");
    assertThat(client.leases().inNamespace("operators").list().getItems())
        .extracting(lease -> lease.getMetadata().getName())
        .containsExactlyInAnyOrder(shardA.leaseName(), shardB.leaseName());
  }

  @Test
  void logsAreOneJsonObjectPerLineWithTheResourceInsideAReconcile() throws Exception {
    LoggerContext context = LogFormat.context();
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      configure(context, "/logback.xml");
      LogFormat.select(LogFormat.JSON);
      operator(OperatorOptions.defaults(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
          .start();
      client.resource(resource("lab-f", "gym-f")).create();
      await().atMost(TIMEOUT).until(() -> "Reconciled".equals(readyReason("lab-f", "gym-f")));
    } finally {
      configure(context, "/logback-test.xml");
      System.setErr(stderr);
    }

    ObjectMapper json = new ObjectMapper();
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).isNotEmpty();
    List<JsonNode> records = new ArrayList<>();
    for (String line : lines) {
      JsonNode record = json.readTree(line);
      assertThat(record.isObject()).as(line).isTrue();
      assertThat(record.has("timestamp") && record.has("level") && record.has("loggerName"))
          .as(line)
          .isTrue();
      assertThat(record.path("formattedMessage").isTextual()).as(line).isTrue();
      records.add(record);
    }
    JsonNode ready =
        records.stream()
            .filter(r -> r.path("formattedMessage").asText().startsWith("Ready=True Reconciled"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Ready line in " + lines));
    assertThat(ready.at("/mdc/resource.namespace").asText()).isEqualTo("lab-f");
    assertThat(ready.at("/mdc/resource.name").asText()).isEqualTo("gym-f");
    assertThat(ready.at("/mdc/reconcileId").asText()).hasSize(36);
  }

  private static void configure(LoggerContext context, String resource) throws Exception {
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(OperatorRuntimeTest.class.getResource(resource));
  }
}
