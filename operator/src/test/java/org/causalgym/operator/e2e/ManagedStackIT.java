package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.api.WebhookReceiverSpec;
import org.causalgym.operator.demo.ServerProcess;
import org.causalgym.operator.demo.StandInGym;
import org.causalgym.operator.demo.StaticScrapeJob;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.PlainAlertmanagerConfigModel;
import org.causalgym.operator.desired.PlainPrometheusConfigModel;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.testing.FreePort;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed stack's configuration runs in the real servers: the prometheus.yml and rule file of
 * ConfigMap {@code <name>-prometheus} in prometheus, the alertmanager.yaml of Secret {@code
 * <name>-alertmanager} in alertmanager, on loopback (Kubernetes discovery swapped for the stand-in
 * gym, the Alertmanager Service's name for its loopback address). HighErrorRate reaches the
 * webhook; then an edited threshold, written into the rule file as the kubelet would, takes effect
 * in the same running Prometheus. Debian's Prometheus 2.42 predates the config auto-reload of the
 * pinned 3.x image, so the test asks for the reload on /-/reload, which is what auto-reload does.
 */
class ManagedStackIT {

  private static final String NAMESPACE = "lab-managed";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private static CausalGymMonitoring resource(String sink, double threshold) {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName("gym-managed");
    cr.getMetadata().setNamespace(NAMESPACE);
    cr.getSpec().stack.mode = StackMode.managed;
    cr.getSpec().metrics.scrapeInterval = "1s";
    cr.getSpec().metrics.scrapeTimeout = "1s";
    cr.getSpec().alerts.highErrorRate.threshold = threshold;
    cr.getSpec().alerts.highErrorRate.forDuration = "2s";
    cr.getSpec().alertmanager.route.groupWait = "1s";
    cr.getSpec().alertmanager.route.groupInterval = "1s";
    ReceiverSpec webhook = new ReceiverSpec();
    webhook.name = "sink";
    webhook.webhook = new WebhookReceiverSpec();
    webhook.webhook.url = sink;
    cr.getSpec().alertmanager.receivers.add(webhook);
    return SpecValidator.check(cr).admitted();
  }

  /** The managed ConfigMap's files as the Prometheus container would see them, on loopback. */
  @SuppressWarnings("unchecked")
  private void writePrometheusFiles(CausalGymMonitoring cr, String gym, int alertmanagerPort)
      throws IOException {
    ConfigMap config = PlainPrometheusConfigModel.desired(GymPlan.of(cr, ServedKinds.nothing()));
    Files.writeString(
        dir.resolve(PlainPrometheusConfigModel.RULES_KEY),
        config.getData().get(PlainPrometheusConfigModel.RULES_KEY));
    Map<String, Object> prometheus =
        new YAMLMapper()
            .readValue(
                config.getData().get(PlainPrometheusConfigModel.MANAGED_CONFIG_KEY), Map.class);
    prometheus.put("rule_files", List.of(PlainPrometheusConfigModel.RULES_KEY));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
    prometheus.put("scrape_configs", List.of(StaticScrapeJob.of(jobs.get(0), gym, NAMESPACE)));
    String alerting = Serialization.asYaml(prometheus.get("alerting"));
    assertThat(alerting).contains("gym-managed-alertmanager:9093");
    prometheus.put("alerting", LoopbackServers.alertingTo(alertmanagerPort));
    Files.writeString(dir.resolve("prometheus.yml"), Serialization.asYaml(prometheus));
  }

  private static JsonNode get(String url) throws IOException, InterruptedException {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private static String highErrorRateQuery(int port) throws IOException, InterruptedException {
    for (JsonNode rule :
        get("http://127.0.0.1:" + port + "/api/v1/rules").at("/data/groups/0/rules")) {
      if (rule.path("name").asText().equals("HighErrorRate")) {
        return rule.path("query").asText();
      }
    }
    return "";
  }

  @Test
  void theManagedConfigurationAlertsAndTakesAThresholdEditWithoutARestart() throws Exception {
    LoopbackServers.prometheusBinary();
    LoopbackServers.alertmanagerBinary();
    try (WebhookSink sink = new WebhookSink();
        StandInGym gym = new StandInGym()) {
      CausalGymMonitoring cr = resource(sink.url(), 0.5);
      int alertmanagerPort = FreePort.find();
      int prometheusPort = FreePort.find();
      Files.writeString(
          dir.resolve(PlainAlertmanagerConfigModel.CONFIG_KEY),
          PlainAlertmanagerConfigModel.config(cr));
      writePrometheusFiles(cr, gym.target(), alertmanagerPort);
      try (ServerProcess alertmanager =
              LoopbackServers.alertmanager(
                  dir, PlainAlertmanagerConfigModel.CONFIG_KEY, alertmanagerPort);
          ServerProcess prometheus =
              LoopbackServers.prometheus(
                  dir, "prometheus", "prometheus.yml", prometheusPort, "--web.enable-lifecycle")) {
        long pid =
            get("http://127.0.0.1:" + prometheusPort + "/api/v1/status/runtimeinfo")
                .at("/data/startTime")
                .asText()
                .hashCode();

        gym.errorsPerSecond(50);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> sink.received("HighErrorRate", "firing", "job", "gym-managed"));

        // The threshold is edited in the resource; the ConfigMap's rule file changes, and the
        // running Prometheus takes it on reload.
        CausalGymMonitoring edited = resource(sink.url(), 1000);
        Files.writeString(
            dir.resolve(PlainPrometheusConfigModel.RULES_KEY),
            PlainPrometheusConfigModel.desired(GymPlan.of(edited, ServedKinds.nothing()))
                .getData()
                .get(PlainPrometheusConfigModel.RULES_KEY));
        HttpResponse<String> reload =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + prometheusPort + "/-/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(highErrorRateQuery(prometheusPort)).endsWith("> 1000"));
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(
                            get("http://127.0.0.1:" + prometheusPort + "/api/v1/alerts")
                                .at("/data/alerts")
                                .toString())
                        .doesNotContain("HighErrorRate"));
        assertThat(
                get("http://127.0.0.1:" + prometheusPort + "/api/v1/status/runtimeinfo")
                    .at("/data/startTime")
                    .asText()
                    .hashCode())
            .as("the same Prometheus process, not restarted")
            .isEqualTo(pid);
      }
    }
  }
}
