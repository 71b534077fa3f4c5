package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.ServerProcess;
import org.causalgym.operator.demo.StandInGym;
import org.causalgym.operator.demo.StaticScrapeJob;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.PlainPrometheusConfigModel;
import org.causalgym.operator.desired.PrometheusRuleModel;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.ClusterCrds;
import org.causalgym.operator.testing.FreePort;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observed against a real Prometheus on loopback that scrapes a stand-in gym with this resource's
 * rendered rules: the operator, on a mock API, reports what that Prometheus really does, and the
 * condition follows the gym, the rule files and the URL; Ready never moves with it.
 */
class ObservedConditionIT {

  private static final String NAMESPACE = "lab-observed";
  private static final String NAME = "gym-watched";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @TempDir Path dir;

  private static CausalGymMonitoring resource() {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName(NAME);
    cr.getMetadata().setNamespace(NAMESPACE);
    cr.getSpec().metrics.scrapeInterval = "1s";
    cr.getSpec().metrics.scrapeTimeout = "1s";
    cr.getSpec().alerts.serviceDown.forDuration = "1s";
    return cr;
  }

  /** A prometheus.yml scraping the gym, with this resource's rule file or without any. */
  private void config(String file, CausalGymMonitoring cr, String target, boolean rules)
      throws IOException {
    Map<String, Object> prometheus = new LinkedHashMap<>();
    prometheus.put("global", Map.of("scrape_interval", "1s", "evaluation_interval", "1s"));
    if (rules) {
      Files.writeString(
          dir.resolve("rules.yaml"),
          PlainPrometheusConfigModel.rules(GymPlan.of(cr, ServedKinds.nothing())));
      prometheus.put("rule_files", List.of("rules.yaml"));
    }
    prometheus.put(
        "scrape_configs",
        List.of(
            StaticScrapeJob.of(
                PlainPrometheusConfigModel.scrapeConfig(GymPlan.of(cr, ServedKinds.nothing())),
                target,
                NAMESPACE)));
    Files.writeString(dir.resolve(file), Serialization.asYaml(prometheus));
  }

  /** "prometheus, version 2.42.0+ds (branch: ...)" as x.y.z. */
  private static String binaryVersion() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(LoopbackServers.prometheusBinary().toString(), "--version")
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Matcher version = Pattern.compile("version (\\d+\\.\\d+\\.\\d+)").matcher(out);
    assertThat(version.find()).as(out).isTrue();
    return version.group(1);
  }

  private CausalGymMonitoring current() {
    return client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName(NAME).get();
  }

  private Condition condition(String type) {
    CausalGymMonitoring cr = current();
    if (cr.getStatus() == null) {
      return null;
    }
    return cr.getStatus().conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private void awaitObserved(String reason) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(condition("Observed"))
                    .extracting(Condition::getReason)
                    .isEqualTo(reason));
  }

  private void pointAt(String url) {
    client
        .resources(CausalGymMonitoring.class)
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .edit(
            cr -> {
              cr.getSpec().prometheus.url = url;
              return cr;
            });
  }

  @Test
  void observedSaysWhatARealPrometheusScrapesAndEvaluates() throws Exception {
    LoopbackServers.prometheusBinary();
    ClusterCrds.installOurs(client);
    CausalGymMonitoring cr = resource();
    CausalGymMonitoring admitted = SpecValidator.check(cr).admitted();
    int rules = PrometheusRuleModel.rules(admitted).size();
    int port = FreePort.find();
    int barePort = FreePort.find();
    Operator operator = null;
    try (StandInGym gym = new StandInGym()) {
      config("prometheus.yml", admitted, gym.target(), true);
      config("bare.yml", admitted, gym.target(), false);
      try (ServerProcess prometheus =
              LoopbackServers.prometheus(dir, "prometheus", "prometheus.yml", port);
          ServerProcess bare =
              LoopbackServers.prometheus(dir, "prometheus-bare", "bare.yml", barePort)) {

        operator =
            cluster.startOperator(
                OperatorOptions.defaults().withPrometheusPollInterval(Duration.ofSeconds(1)));
        cr.getSpec().prometheus.url = "http://127.0.0.1:" + port;
        client.resource(cr).create();

        awaitObserved("Scraped");
        // ServiceDown (for: 1s) fires for a moment after Prometheus starts, before the first
        // scrape (absent(up)), and resolves at the next evaluation.
        await()
            .atMost(WAIT)
            .untilAsserted(() -> assertThat(current().getStatus().observed.firing).isEmpty());
        CausalGymMonitoring scraped = current();
        assertThat(scraped.getStatus().observed.targetsUp).isEqualTo(1);
        assertThat(scraped.getStatus().observed.targetsDown).isZero();
        assertThat(scraped.getStatus().observed.rulesLoaded).isEqualTo(rules);
        assertThat(scraped.getStatus().observed.rulesUnhealthy).isZero();
        assertThat(scraped.getStatus().observed.firing).isEmpty();
        assertThat(scraped.getStatus().observed.prometheusVersion)
            .as("what the binary says it is, from /api/v1/status/buildinfo")
            .isEqualTo(binaryVersion());
        assertThat(condition("Observed").getStatus()).isEqualTo("True");
        assertThat(condition("Observed").getMessage())
            .isEqualTo("1 of 1 targets up, " + rules + " of " + rules + " rules loaded");
        Condition ready = condition("Ready");

        // Polled every second, but nothing Prometheus reports changes: no status write, no read.
        cluster.assertNoRequestsWhileIdle();

        pointAt("http://127.0.0.1:" + barePort);
        awaitObserved("RulesNotLoaded");
        assertThat(condition("Observed").getMessage())
            .contains("has no rule group " + PrometheusRuleModel.groupName(admitted));
        assertThat(current().getStatus().observed.targetsUp).isEqualTo(1);

        pointAt("http://127.0.0.1:" + port);
        awaitObserved("Scraped");
        gym.close();
        awaitObserved("TargetsDown");
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> assertThat(current().getStatus().observed.firing).contains("ServiceDown"));
        assertThat(current().getStatus().observed.targetsDown).isEqualTo(1);
        assertThat(current().getStatus().observed.lastScrapeError).isNotBlank();
        assertThat(condition("Observed").getStatus()).isEqualTo("False");
        assertThat(
                client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                    .map(Event::getReason))
            .as("an Event on the transition")
            .contains("TargetsDown");

        int closed = FreePort.find();
        pointAt("http://127.0.0.1:" + closed);
        awaitObserved("PrometheusUnreachable");
        assertThat(condition("Observed").getMessage()).contains("127.0.0.1:" + closed);
        assertThat(current().getStatus().observed).isNull();
        Condition readyNow = condition("Ready");
        assertThat(readyNow.getStatus()).isEqualTo(ready.getStatus());
        assertThat(readyNow.getReason()).isEqualTo(ready.getReason());
      }
    } finally {
      if (operator != null) {
        operator.stop();
      }
    }
  }
}
