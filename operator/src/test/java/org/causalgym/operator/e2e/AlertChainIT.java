package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ReceiverSpec;
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
 * The whole chain with the real servers: the operator's rendered scrape job, rules and
 * alertmanager.yaml run in prometheus and alertmanager on loopback; a stand-in gym's error rate
 * crosses the resource's threshold and the alert reaches a webhook, resolves, and ServiceDown fires
 * when the gym stops. A second resource with a higher threshold stays silent.
 */
class AlertChainIT {

  private static final String NAMESPACE = "lab-e2e";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static CausalGymMonitoring resource(String name, double threshold) {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName(name);
    cr.getMetadata().setNamespace(NAMESPACE);
    cr.getSpec().metrics.scrapeInterval = "1s";
    cr.getSpec().metrics.scrapeTimeout = "1s";
    cr.getSpec().alerts.highErrorRate.threshold = threshold;
    cr.getSpec().alerts.highErrorRate.forDuration = "2s";
    cr.getSpec().alerts.serviceDown.forDuration = "2s";
    cr.getSpec().alertmanager.route.groupWait = "1s";
    cr.getSpec().alertmanager.route.groupInterval = "1s";
    return cr;
  }

  @Test
  void aThresholdFromTheResourceMakesARealAlertReachARealReceiver() throws Exception {
    LoopbackServers.prometheusBinary();
    LoopbackServers.alertmanagerBinary();
    CausalGymMonitoring low = resource("gym-low", 0.5);
    CausalGymMonitoring high = resource("gym-high", 1000);

    try (WebhookSink sink = new WebhookSink();
        StandInGym lowGym = new StandInGym();
        StandInGym highGym = new StandInGym()) {
      ReceiverSpec webhook = new ReceiverSpec();
      webhook.name = "test-sink";
      webhook.webhook = new WebhookReceiverSpec();
      webhook.webhook.url = sink.url();
      low.getSpec().alertmanager.receivers.add(webhook);

      int alertmanagerPort = FreePort.find();
      int prometheusPort = FreePort.find();
      Files.writeString(dir.resolve("alertmanager.yml"), PlainAlertmanagerConfigModel.config(low));
      Files.writeString(
          dir.resolve("rules-low.yaml"),
          PlainPrometheusConfigModel.rules(GymPlan.of(low, ServedKinds.nothing())));
      Files.writeString(
          dir.resolve("rules-high.yaml"),
          PlainPrometheusConfigModel.rules(GymPlan.of(high, ServedKinds.nothing())));
      Map<String, Object> prometheus = new LinkedHashMap<>();
      prometheus.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
      prometheus.put("rule_files", List.of("rules-low.yaml", "rules-high.yaml"));
      prometheus.put(
          "scrape_configs",
          List.of(
              StaticScrapeJob.of(
                  PlainPrometheusConfigModel.scrapeConfig(GymPlan.of(low, ServedKinds.nothing())),
                  lowGym.target(),
                  NAMESPACE),
              StaticScrapeJob.of(
                  PlainPrometheusConfigModel.scrapeConfig(GymPlan.of(high, ServedKinds.nothing())),
                  highGym.target(),
                  NAMESPACE)));
      prometheus.put("alerting", LoopbackServers.alertingTo(alertmanagerPort));
      Files.writeString(dir.resolve("prometheus.yml"), Serialization.asYaml(prometheus));

      try (ServerProcess alertmanager =
              LoopbackServers.alertmanager(dir, "alertmanager.yml", alertmanagerPort);
          ServerProcess prometheusServer =
              LoopbackServers.prometheus(dir, "prometheus", "prometheus.yml", prometheusPort)) {

        // 50 errors/s: far above 0.5, far below 1000.
        lowGym.errorsPerSecond(50);
        highGym.errorsPerSecond(50);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> sink.received("HighErrorRate", "firing", "job", "gym-low"));
        assertThat(firing(prometheusPort, "HighErrorRate", "causal_gym_monitoring"))
            .as("rules of the resource with threshold 1000")
            .doesNotContain("gym-high");

        // The alert resolves once the errors have left rate()'s 5-minute window.
        lowGym.errorsPerSecond(0);
        highGym.errorsPerSecond(0);
        await()
            .atMost(Duration.ofMinutes(7))
            .pollInterval(Duration.ofSeconds(2))
            .until(() -> sink.received("HighErrorRate", "resolved", "job", "gym-low"));

        lowGym.close();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> sink.received("ServiceDown", "firing", "job", "gym-low"));
        assertThat(firing(prometheusPort, "ServiceDown", "job")).doesNotContain("gym-high");
      }
    }
  }

  /** The values of label of every firing alert of that name, from Prometheus' API. */
  private static List<String> firing(int port, String alertname, String label) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    List<String> values = new ArrayList<>();
    for (JsonNode alert : JSON.readTree(response.body()).at("/data/alerts")) {
      if (alertname.equals(alert.at("/labels/alertname").asText())
          && "firing".equals(alert.path("state").asText())) {
        values.add(alert.path("labels").path(label).asText());
      }
    }
    return values;
  }
}
