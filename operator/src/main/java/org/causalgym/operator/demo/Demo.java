package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.PlainYaml;
import org.causalgym.operator.desired.SecretReferences;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.observe.PollSettings;
import org.causalgym.operator.observe.UrlPolicy;
import org.causalgym.operator.reconciler.CausalGymOperator;
import org.causalgym.operator.runtime.OperatorEndpoints;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.status.ConditionType;
import org.causalgym.operator.status.ObservedReason;

/**
 * The embedded demo: the real operator against an in-process API, with one resource applied and the
 * health and metrics port served on loopback.
 */
public final class Demo implements AutoCloseable {

  /** The placeholder every referenced Secret key gets, so the demo resource can become Ready. */
  public static final String PLACEHOLDER_SECRET_VALUE = "demo-placeholder-not-a-secret";

  private final DemoCluster cluster;
  private final Operator operator;
  private final OperatorEndpoints endpoints;
  private final CausalGymMonitoring resource;
  private final Optional<DemoPrometheus> prometheus;

  /** The release name of the kube-prometheus-stack the demo cluster pretends to run. */
  public static final String KUBE_PROMETHEUS_STACK = "kube-prometheus-stack";

  /** The demo polls its own Prometheus often, so that a change shows in status at once. */
  static final Duration PROMETHEUS_POLL_INTERVAL = Duration.ofSeconds(2);

  /**
   * The demo's stand-in Prometheus listens on loopback, which a cluster's operator never allows by
   * default: the demo allows loopback, and nothing more, rather than every URL.
   */
  static final UrlPolicy PROMETHEUS_URLS_ALLOWED = UrlPolicy.parse("127.0.0.0/8,::1,localhost");

  private Demo(
      DemoCluster cluster,
      Operator operator,
      OperatorEndpoints endpoints,
      CausalGymMonitoring resource,
      Optional<DemoPrometheus> prometheus) {
    this.cluster = cluster;
    this.operator = operator;
    this.endpoints = endpoints;
    this.resource = resource;
    this.prometheus = prometheus;
  }

  /**
   * Starts the API on apiPort and the operator with its endpoints on httpPort (0: free ports),
   * applies resource with a placeholder for each Secret it refers to, and waits until the resource
   * has a status. With observe, where prometheus is installed and the resource names no Prometheus
   * itself, a stand-in gym and a real Prometheus are started and named in spec.prometheus.url, and
   * the wait lasts until that Prometheus has been asked.
   */
  public static Demo start(CausalGymMonitoring resource, int apiPort, int httpPort, boolean observe)
      throws IOException {
    DemoCluster cluster = new DemoCluster(apiPort);
    Optional<DemoPrometheus> prometheus = Optional.empty();
    try {
      KubernetesClient client = cluster.client();
      cluster.installKubePrometheusStack(KUBE_PROMETHEUS_STACK);
      String url = resource.getSpec().prometheus.url;
      if (observe && (url == null || url.isBlank())) {
        prometheus = DemoPrometheus.start(resource);
        prometheus.ifPresent(p -> resource.getSpec().prometheus.url = p.url());
      }
      prometheus.ifPresent(p -> p.followRules(client, resource));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Operator operator =
          CausalGymOperator.create(
              client,
              OperatorOptions.defaults()
                  .withPrometheusPoll(
                      PollSettings.defaults()
                          .withInterval(PROMETHEUS_POLL_INTERVAL)
                          .withUrlPolicy(PROMETHEUS_URLS_ALLOWED)),
              registry);
      OperatorEndpoints endpoints;
      try {
        endpoints =
            new OperatorEndpoints(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort),
                () ->
                    operator.getRuntimeInfo().isStarted()
                        && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                registry);
      } catch (BindException e) {
        throw new PortTaken(PortTaken.Port.HTTP, httpPort);
      }
      operator.start();
      // One Secret can hold several referenced keys (the Grafana admin user and password): each
      // Secret is written once with all of them, not once per key, which kept only the last.
      Map<String, Map<String, String>> secrets = new TreeMap<>();
      GymPlan plan =
          GymPlan.of(
              SpecValidator.check(resource).admitted(), ServedKinds.prometheusOperatorOnly());
      for (SecretReferences.Reference reference : plan.secretReferences()) {
        secrets
            .computeIfAbsent(reference.ref().name, name -> new TreeMap<>())
            .put(reference.ref().key, PLACEHOLDER_SECRET_VALUE);
      }
      secrets.forEach(
          (name, data) ->
              client
                  .resource(
                      new SecretBuilder()
                          .withNewMetadata()
                          .withName(name)
                          .withNamespace(resource.getMetadata().getNamespace())
                          .endMetadata()
                          .withStringData(data)
                          .build())
                  .createOr(existing -> existing.update()));
      CausalGymMonitoring applied = client.resource(resource).create();
      Demo demo = new Demo(cluster, operator, endpoints, applied, prometheus);
      demo.awaitStatus(Duration.ofSeconds(30));
      return demo;
    } catch (RuntimeException | IOException e) {
      prometheus.ifPresent(DemoPrometheus::close);
      cluster.close();
      throw e;
    }
  }

  /** The stand-in gym and Prometheus the demo started, if it started them. */
  public Optional<DemoPrometheus> prometheus() {
    return prometheus;
  }

  public DemoCluster cluster() {
    return cluster;
  }

  public int httpPort() {
    return endpoints.port();
  }

  /** The resource as the API holds it now, status included. */
  public CausalGymMonitoring resource() {
    return cluster
        .client()
        .resources(CausalGymMonitoring.class)
        .inNamespace(resource.getMetadata().getNamespace())
        .withName(resource.getMetadata().getName())
        .get();
  }

  /** Every object the operator created for the resource, as multi-document YAML. */
  public String createdObjects() {
    KubernetesClient client = cluster.client();
    StringBuilder yaml = new StringBuilder();
    GymPlan.Names names = GymPlan.Names.of(resource);
    for (OwnedObject owned : OwnedObject.values()) {
      HasMetadata actual =
          client
              .resources(owned.type())
              .inNamespace(names.namespace())
              .withName(owned.name(names))
              .get();
      if (actual != null) {
        yaml.append(PlainYaml.document(actual));
      }
    }
    return yaml.toString();
  }

  public void writeKubeconfig(Path file) throws IOException {
    cluster.writeKubeconfig(file, resource.getMetadata().getNamespace());
  }

  @Override
  public void close() {
    operator.stop();
    endpoints.close();
    prometheus.ifPresent(DemoPrometheus::close);
    cluster.close();
  }

  /**
   * Whether the Observed condition says the demo's Prometheus scrapes the gym; it takes a few polls
   * after Prometheus starts, until its first scrape.
   */
  private static boolean asked(CausalGymMonitoring current) {
    return current.getStatus().conditions.stream()
        .anyMatch(
            c ->
                ConditionType.Observed.name().equals(c.getType())
                    && ObservedReason.Scraped.name().equals(c.getReason()));
  }

  private void awaitStatus(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      CausalGymMonitoring current = resource();
      if (current != null
          && current.getStatus() != null
          && !current.getStatus().conditions.isEmpty()
          && (prometheus.isEmpty() || asked(current))) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    CausalGymMonitoring current = resource();
    if (current == null
        || current.getStatus() == null
        || current.getStatus().conditions.isEmpty()) {
      throw new IllegalStateException("the demo resource got no status within " + timeout);
    }
    // Observed not yet True is what the demo then shows: status says what was found.
  }
}
