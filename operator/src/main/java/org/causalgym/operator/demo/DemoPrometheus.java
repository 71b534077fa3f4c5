package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.PlainPrometheusConfigModel;
import org.causalgym.operator.desired.PlainYaml;
import org.causalgym.operator.desired.ServedKinds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's monitoring loop: a stand-in gym and a real Prometheus on loopback, configured from the
 * resource (its scrape job with discovery swapped for the stand-in, its rule file), and following
 * the PrometheusRule (or the plain form's rule file) the operator keeps in the demo API as the
 * prometheus-operator (or the kubelet) would: each change is written to the rule file and
 * Prometheus reloads it.
 */
public final class DemoPrometheus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoPrometheus.class);
  private static final String RULES = "rules.yaml";

  private final Path dir;
  private final StandInGym gym;
  private final ServerProcess server;
  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();
  private SharedIndexInformer<PrometheusRule> rules;
  private SharedIndexInformer<ConfigMap> ruleFile;

  private DemoPrometheus(Path dir, StandInGym gym, ServerProcess server, String url) {
    this.dir = dir;
    this.gym = gym;
    this.server = server;
    this.url = url;
  }

  /** Where to get the binary the loop needs, for a person reading the demo's output. */
  public static final String HOW_TO_INSTALL =
      "apt-get install -y prometheus (or put a prometheus binary on the PATH)";

  /** Whether a prometheus binary is on the PATH. */
  public static boolean installed() {
    return ServerProcess.onPath("prometheus").isPresent();
  }

  /**
   * Starts the stand-in gym and a Prometheus for a valid resource, or nothing where no prometheus
   * binary is installed or the spec is invalid (the operator then says why).
   */
  public static Optional<DemoPrometheus> start(CausalGymMonitoring resource) throws IOException {
    Optional<Path> binary = ServerProcess.onPath("prometheus");
    SpecValidator.Validated validated = SpecValidator.check(resource);
    if (binary.isEmpty() || !validated.violations().isEmpty()) {
      return Optional.empty();
    }
    CausalGymMonitoring admitted = validated.admitted();
    // The rule file and scrape job are the same on every cluster.
    GymPlan plan = GymPlan.of(admitted, ServedKinds.nothing());
    Path dir = Files.createTempDirectory("causal-gym-demo-prometheus");
    StandInGym gym = new StandInGym();
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Files.writeString(dir.resolve(RULES), PlainPrometheusConfigModel.rules(plan));
      Map<String, Object> config = new LinkedHashMap<>();
      // Rules are evaluated as often as the gym is scraped, so alerts follow the spec's timing.
      config.put(
          "global",
          Map.of(
              "scrape_interval", admitted.getSpec().metrics.scrapeInterval,
              "evaluation_interval", admitted.getSpec().metrics.scrapeInterval));
      config.put("rule_files", List.of(RULES));
      config.put(
          "scrape_configs",
          List.of(
              StaticScrapeJob.of(
                  PlainPrometheusConfigModel.scrapeConfig(plan),
                  gym.target(),
                  admitted.getMetadata().getNamespace())));
      Files.writeString(dir.resolve("prometheus.yml"), Serialization.asYaml(config));
      Files.createDirectories(dir.resolve("data"));
      String url = "http://127.0.0.1:" + port;
      ServerProcess server =
          new ServerProcess(
              "prometheus",
              binary.get(),
              dir,
              "--config.file=prometheus.yml",
              "--storage.tsdb.path=data",
              "--web.enable-lifecycle",
              "--web.listen-address=127.0.0.1:" + port);
      try {
        server.awaitReady(url + "/-/ready", Duration.ofSeconds(60));
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
      return Optional.of(new DemoPrometheus(dir, gym, server, url));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      gym.close();
      throw new IOException("interrupted while starting prometheus", e);
    } catch (IOException | RuntimeException e) {
      gym.close();
      throw e;
    }
  }

  /** The base URL of the Prometheus, for spec.prometheus.url. */
  public String url() {
    return url;
  }

  /** The URL that sets the stand-in gym's error rate when POSTed to with ?perSecond=N. */
  public String errorsControlUrl() {
    return gym.errorsControlUrl();
  }

  /**
   * Keeps the rule file equal to the spec of the resource's PrometheusRule in the demo API, as the
   * prometheus-operator would, so that a threshold edited with kubectl reaches this Prometheus.
   */
  public void followRules(KubernetesClient client, CausalGymMonitoring resource) {
    // The plain form's rule file, where the managed stack or no prometheus-operator reads it.
    ruleFile =
        client
            .configMaps()
            .inNamespace(resource.getMetadata().getNamespace())
            .withName(GymPlan.Names.of(resource).plainPrometheusConfig())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap file) {
                    reload(file.getData().get(PlainPrometheusConfigModel.RULES_KEY));
                  }

                  @Override
                  public void onUpdate(ConfigMap before, ConfigMap after) {
                    reload(after.getData().get(PlainPrometheusConfigModel.RULES_KEY));
                  }

                  @Override
                  public void onDelete(ConfigMap file, boolean unknown) {
                    // The last rule file stays.
                  }
                });
    rules =
        client
            .resources(PrometheusRule.class)
            .inNamespace(resource.getMetadata().getNamespace())
            .withName(resource.getMetadata().getName())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(PrometheusRule rule) {
                    reload(PlainYaml.write(rule.getSpec()));
                  }

                  @Override
                  public void onUpdate(PrometheusRule before, PrometheusRule after) {
                    reload(PlainYaml.write(after.getSpec()));
                  }

                  @Override
                  public void onDelete(PrometheusRule rule, boolean unknown) {
                    // The last rule file stays; the demo resource is not deleted while it runs.
                  }
                });
  }

  private void reload(String ruleFile) {
    if (ruleFile == null) {
      return;
    }
    try {
      Files.writeString(dir.resolve(RULES), ruleFile);
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/-/reload"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      LOG.info("Prometheus reloaded the rules: HTTP {}", response.statusCode());
    } catch (IOException e) {
      LOG.warn("Could not hand the PrometheusRule to Prometheus: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (rules != null) {
      rules.close();
    }
    if (ruleFile != null) {
      ruleFile.close();
    }
    server.close();
    gym.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
