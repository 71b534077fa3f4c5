package org.causalgym.operator.bench.webpage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The JOSDK webpage sample's process, reconstructed from java-operator-sdk v5.2.3's
 * sample-operators/webpage/src/main/java/io/javaoperatorsdk/operator/sample/WebPageOperator.java
 * (and probes/StartupHandler.java, probes/LivenessHandler.java) with its default reconciler, run by
 * {@link WebPageSampleRun} against the kubeconfig in KUBECONFIG. Usage: {@code WebPageOperator
 * <probe port>}.
 *
 * <p>What differs from upstream, so that it runs on the benchmark's mock API as our operator does:
 * Server-Side Apply is off, because the Fabric8 mock cannot do it (our operator turns it off for
 * the same reason, in JosdkOperatorSeam); the client is JOSDK's default one on the JDK HTTP client,
 * the one our jar ships, instead of whichever the classpath offers; the probes listen on loopback
 * and the port given, not on 8080 of every interface.
 */
public final class WebPageOperator {

  private WebPageOperator() {}

  public static void main(String[] args) throws IOException {
    int probePort = Integer.parseInt(args[0]);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withHttpClientFactory(new JdkHttpClientFactory())
            .withConfig(
                new ConfigBuilder(Config.autoConfigure(null))
                    .withMaxConcurrentRequests(ConfigurationService.DEFAULT_MAX_CONCURRENT_REQUEST)
                    .build())
            .withKubernetesSerialization(new KubernetesSerialization())
            .build();
    Operator operator =
        new Operator(
            o ->
                o.withStopOnInformerErrorDuringStartup(false)
                    .withKubernetesClient(client)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withUseSSAToPatchPrimaryResource(false));
    operator.register(new WebPageStandaloneDependentsReconciler());
    operator.start();

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), probePort), 0);
    server.createContext(
        "/startup",
        exchange ->
            answer(exchange, operator.getRuntimeInfo().isStarted(), "started", "not started yet"));
    server.createContext(
        "/healthz",
        exchange ->
            answer(
                exchange,
                operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                "healthy",
                "an event source is not healthy"));
    server.start();
  }

  private static void answer(HttpExchange exchange, boolean ok, String yes, String no)
      throws IOException {
    byte[] body = (ok ? yes : no).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
