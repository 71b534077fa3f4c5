package org.causalgym.operator.testing;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.ApiServerDispatcher;
import org.causalgym.operator.demo.RecordedFirst;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.reconciler.CausalGymOperator;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.runtime.SecretSafeLogging;

/**
 * The one mock Kubernetes API of the tests: Fabric8's mock server in CRUD mode on loopback and a
 * free port, storing as an API server does ({@link ApiServerDispatcher}) unless a test brings
 * another store, with whatever a test puts in front of the store (faults, delays, webhooks,
 * immutable fields, counting) and answers recorded with {@link #server()}{@code .expect()} first;
 * plus the operators a test starts on it, all stopped by {@link #close()}.
 */
public final class TestCluster implements AutoCloseable {

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<Operator> operators = new ArrayList<>();
  private final List<KubernetesClient> operatorClients = new ArrayList<>();

  private TestCluster(Dispatcher api) {
    // The mock server logs stored objects, Secrets included, below INFO.
    SecretSafeLogging.install();
    Map<ServerRequest, Queue<ServerResponse>> recorded = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), recorded, new RecordedFirst(recorded, api), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  /** The API as a current API server stores objects, nothing in front. */
  public static TestCluster start() {
    return start(api -> api);
  }

  /**
   * The API with the mock's own store: no admission by the CRDs' schemas, no server defaults; for
   * the tests that hand the operator what an API server would refuse (its own checks are then what
   * they see, as on a cluster whose CRD is older than the operator) or that predate the store.
   */
  public static TestCluster startPlain() {
    return start(new KubernetesCrudDispatcher());
  }

  /** The API answering through the dispatcher given: a store, with what a test puts in front. */
  public static TestCluster start(Dispatcher api) {
    return new TestCluster(api);
  }

  /** The API with inFront wrapped around the store of a current API server. */
  public static TestCluster start(UnaryOperator<Dispatcher> inFront) {
    return start(inFront.apply(new ApiServerDispatcher()));
  }

  public KubernetesClient client() {
    return client;
  }

  /** The server, for recorded answers ({@code expect()}) and its request count. */
  public KubernetesMockServer server() {
    return server;
  }

  /** Installs the CausalGymMonitoring CRD of crds/, as the Helm chart does. */
  public TestCluster withOurCrds() {
    ClusterCrds.installOurs(client);
    return this;
  }

  /** Installs kube-prometheus-stack's CRDs, which most tests assume beside ours. */
  public TestCluster withPrometheusOperator() {
    ClusterCrds.installPrometheusOperator(client);
    return this;
  }

  /** Installs grafana-operator's GrafanaDashboard CRD as well. */
  public TestCluster withGrafanaOperator() {
    ClusterCrds.installGrafanaOperator(client);
    return this;
  }

  /**
   * An operator on the configuration of the client given (e.g. with its own user agent) and with
   * the JSON mapping it ships with ({@link CausalGymOperator#serialization}), metering into
   * registry, not started yet; stopped by {@link #close()}.
   */
  public Operator operator(
      KubernetesClient on, OperatorOptions options, PrometheusMeterRegistry registry) {
    KubernetesClient shipped =
        new KubernetesClientBuilder()
            .withConfig(on.getConfiguration())
            .withKubernetesSerialization(CausalGymOperator.serialization())
            .build();
    operatorClients.add(shipped);
    Operator operator = CausalGymOperator.create(shipped, options, registry);
    operators.add(operator);
    return operator;
  }

  /** The operator as it ships on this API, started; stopped by {@link #close()}. */
  public Operator startOperator() {
    return startOperator(OperatorOptions.defaults());
  }

  /** An operator with the options given, started; stopped by {@link #close()}. */
  public Operator startOperator(OperatorOptions options) {
    return startOperator(client, options, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** {@link #operator}, started. */
  public Operator startOperator(
      KubernetesClient on, OperatorOptions options, PrometheusMeterRegistry registry) {
    Operator operator = operator(on, options, registry);
    operator.start();
    return operator;
  }

  /** Waits for the API to go quiet, then asserts it stays so: nothing is written or re-read. */
  public void assertNoRequestsWhileIdle() {
    ApiTraffic.assertNoRequestsWhileIdle(server::getRequestCount);
  }

  /** The condition of that type on the resource's status, if it has one yet. */
  public Optional<Condition> condition(String namespace, String name, String type) {
    CausalGymMonitoring cr =
        client.resources(CausalGymMonitoring.class).inNamespace(namespace).withName(name).get();
    if (cr == null || cr.getStatus() == null) {
      return Optional.empty();
    }
    return cr.getStatus().conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  /** The resource's Ready condition; fails the test where it has none yet. */
  public Condition ready(String namespace, String name) {
    return condition(namespace, name, "Ready")
        .orElseThrow(() -> new AssertionError("no Ready condition on " + namespace + "/" + name));
  }

  /** Every kind the operator may write, from the registry, so a new kind is covered unasked. */
  public static Set<Class<? extends HasMetadata>> ownedKinds() {
    Set<Class<? extends HasMetadata>> kinds = new LinkedHashSet<>();
    for (OwnedObject owned : OwnedObject.values()) {
      kinds.add(owned.type());
    }
    return kinds;
  }

  /**
   * Every object of a registry kind in the namespace that the resource owns or that is named after
   * it, whether or not its kind is served (an unserved kind holds nothing).
   */
  public List<HasMetadata> objectsOf(String namespace, String resource) {
    List<HasMetadata> found = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : ownedKinds()) {
      for (HasMetadata item : list(kind, namespace)) {
        boolean owned =
            item.getMetadata().getOwnerReferences().stream()
                .anyMatch(
                    o -> "CausalGymMonitoring".equals(o.getKind()) && resource.equals(o.getName()));
        if (owned || item.getMetadata().getName().startsWith(resource)) {
          found.add(item);
        }
      }
    }
    return found;
  }

  /** The objects of that kind in the namespace; none where the kind is not served. */
  public List<HasMetadata> list(Class<? extends HasMetadata> kind, String namespace) {
    try {
      return List.copyOf(client.resources(kind).inNamespace(namespace).list().getItems());
    } catch (KubernetesClientException notServed) {
      if (notServed.getCode() != 404) {
        throw notServed;
      }
      return List.of();
    }
  }

  /** Stops the operators started here, newest first, then the client and the API. */
  @Override
  public void close() {
    for (int i = operators.size() - 1; i >= 0; i--) {
      operators.get(i).stop();
    }
    operatorClients.forEach(KubernetesClient::close);
    client.close();
    server.destroy();
  }
}
