package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.OwnedObject;
import org.causalgym.operator.model.PlainYaml;
import org.causalgym.operator.model.SecretReferences;
import org.causalgym.operator.reconciler.CausalGymOperator;
import org.causalgym.operator.runtime.OperatorEndpoints;
import org.causalgym.operator.runtime.OperatorOptions;

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

  private Demo(
      DemoCluster cluster,
      Operator operator,
      OperatorEndpoints endpoints,
      CausalGymMonitoring resource) {
    this.cluster = cluster;
    this.operator = operator;
    this.endpoints = endpoints;
    this.resource = resource;
  }

  /**
   * Starts the API on apiPort and the operator with its endpoints on httpPort (0: free ports),
   * applies resource with a placeholder for each Secret it refers to, and waits until the resource
   * has a status.
   */
  public static Demo start(CausalGymMonitoring resource, int apiPort, int httpPort)
      throws IOException {
    DemoCluster cluster = new DemoCluster(apiPort);
    try {
      KubernetesClient client = cluster.client();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Operator operator = CausalGymOperator.create(client, OperatorOptions.defaults(), registry);
      OperatorEndpoints endpoints =
          new OperatorEndpoints(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort),
              () ->
                  operator.getRuntimeInfo().isStarted()
                      && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
              registry);
      operator.start();
      for (SecretReferences.Reference reference : SecretReferences.of(resource)) {
        client
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(reference.ref().name)
                    .withNamespace(resource.getMetadata().getNamespace())
                    .endMetadata()
                    .addToStringData(reference.ref().key, PLACEHOLDER_SECRET_VALUE)
                    .build())
            .createOr(existing -> existing.update());
      }
      CausalGymMonitoring applied = client.resource(resource).create();
      Demo demo = new Demo(cluster, operator, endpoints, applied);
      demo.awaitStatus(Duration.ofSeconds(60));
      return demo;
    } catch (RuntimeException | IOException e) {
      cluster.close();
      throw e;
    }
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
    for (OwnedObject owned : OwnedObject.values()) {
      HasMetadata desired = owned.desired(resource);
      HasMetadata actual =
          client
              .resources(desired.getClass())
              .inNamespace(resource.getMetadata().getNamespace())
              .withName(desired.getMetadata().getName())
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
    cluster.close();
  }

  private void awaitStatus(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      CausalGymMonitoring current = resource();
      if (current != null
          && current.getStatus() != null
          && !current.getStatus().conditions.isEmpty()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("the demo resource got no status within " + timeout);
  }
}
