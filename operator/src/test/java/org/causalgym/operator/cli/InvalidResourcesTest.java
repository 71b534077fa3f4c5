package org.causalgym.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.TestCluster;
import org.causalgym.operator.testing.YamlDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of bad resources: each is refused naming its field, by render (exit 1, no object, no
 * stack trace) and by a cluster with the running operator (the API refuses what the CRD declares,
 * the operator reports InvalidSpec for the rest, creates nothing and does not retry in a loop).
 */
class InvalidResourcesTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String NAMESPACE = "qa-zone";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger NEXT = new AtomicInteger();

  private static final String VALID =
      """
      apiVersion: monitoring.causal-gym.org/v1alpha1
      kind: CausalGymMonitoring
      metadata: {name: bad-input, namespace: qa-zone}
      spec:
        app: {image: "registry.example.org/gym:5", port: 6100, metricsPort: 6101}
      """;

  private static TestCluster cluster;

  @TempDir Path dir;

  @BeforeAll
  static void startClusterWithOperator() {
    cluster = TestCluster.start().withOurCrds().withPrometheusOperator();
    cluster.startOperator();
  }

  /** Refused resources are not retried: once every case is reported, the API goes quiet. */
  @AfterAll
  static void nothingIsRetriedThenStop() {
    try {
      cluster.assertNoRequestsWhileIdle();
    } finally {
      cluster.close();
    }
  }

  /** The valid resource with the YAML value set at the JSON pointer (parents created). */
  private static ObjectNode with(String pointer, String valueYaml) {
    try {
      return YamlDocuments.withValue((ObjectNode) YAML.readTree(VALID), pointer, valueYaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Arguments bad(String pointer, String value, String field) {
    return Arguments.of(pointer + " = " + value, with(pointer, value), field);
  }

  /**
   * A YAML value that JSON cannot carry (.nan, .inf): render meets it, no API request can hold it.
   * It stands in the tree as a marker that the YAML written for render replaces.
   */
  private static Arguments yamlOnly(String pointer, String value, String field) {
    return Arguments.of(
        pointer + " = " + value, with(pointer, "'" + MARK + value + MARK + "'"), field);
  }

  private static final String MARK = "@@";

  private static String yaml(ObjectNode resource) throws IOException {
    return YAML.writeValueAsString(resource)
        .replaceAll("['\"]?" + MARK + "(.*?)" + MARK + "['\"]?", "$1");
  }

  static Stream<Arguments> badResourcesJsonCanCarry() {
    return badResources().filter(a -> !a.get()[1].toString().contains(MARK));
  }

  private static final String WEBHOOK =
      "{name: hook, webhook: {url: 'https://hooks.example.org/x'}}";
  private static final String MAIL =
      "{name: mail, email: {to: 'ops@example.org', from: 'gym@example.org',"
          + " smarthost: 'smtp.example.org:587', authPassword: %s}}";

  static Stream<Arguments> badResources() {
    return Stream.of(
        bad("/metadata/name", "Bad_Name", "metadata.name"),
        bad("/metadata/name", "a" + "b".repeat(63), "metadata.name"),
        bad("/metadata/name", "9lives", "metadata.name"),
        bad("/spec", "null", "spec"),
        bad("/spec/app", "null", "spec.app"),
        bad("/spec/app/image", "'gym: 1'", "spec.app.image"),
        bad("/spec/app/port", "'6100'", "spec.app.port"),
        bad("/spec/app/metricsPort", "6100", "spec.app.metricsPort"),
        bad("/spec/app/healthCheckIntervalSeconds", "0", "spec.app.healthCheckIntervalSeconds"),
        bad("/spec/app/liveness/periodSeconds", "0", "spec.app.liveness.periodSeconds"),
        bad("/spec/app/readiness/path", "ready", "spec.app.readiness.path"),
        bad(
            "/spec/app/env",
            "[{name: A, value: '1'}, {name: A, value: '2'}]",
            "spec.app.env[1]: Duplicate value"),
        bad("/spec/app/env", "[{name: '1 bad', value: x}]", "spec.app.env[0].name"),
        bad(
            "/spec/app/env",
            "[{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]",
            "spec.app.env[0]"),
        bad("/spec/app/resources", "{limits: {cpu: '-1'}}", "spec.app.resources.limits.cpu"),
        bad(
            "/spec/app/resources",
            "{requests: {memory: lots}}",
            "spec.app.resources.requests.memory"),
        bad(
            "/spec/app/resources",
            "{requests: {cpu: '2'}, limits: {cpu: '1'}}",
            "spec.app.resources.requests.cpu"),
        bad("/spec/app/colour", "blue", "spec.app.colour"),
        bad("/spec/metrics/scrapeTimeout", "1m", "spec.metrics.scrapeTimeout"),
        bad("/spec/metrics/scrapeInterval", "99999999999999h", "spec.metrics.scrapeInterval"),
        bad("/spec/prometheus/selectorLabels", "{'bad key!': x}", "spec.prometheus.selectorLabels"),
        bad(
            "/spec/prometheus/selectorLabels",
            "{release: " + "x".repeat(64) + "}",
            "spec.prometheus.selectorLabels.release"),
        yamlOnly(
            "/spec/alerts/highErrorRate/threshold", ".nan", "spec.alerts.highErrorRate.threshold"),
        yamlOnly(
            "/spec/alerts/highErrorRate/threshold", ".inf", "spec.alerts.highErrorRate.threshold"),
        yamlOnly(
            "/spec/alerts/highMemoryUsage/thresholdPercent",
            "-.inf",
            "spec.alerts.highMemoryUsage.thresholdPercent"),
        bad("/spec/alerts/serviceDown/enabled", "'yes'", "spec.alerts.serviceDown.enabled"),
        bad("/spec/alerts/additional", "[{name: A}]", "spec.alerts.additional[0].expr"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: 'rate(x[5m]) >'}]",
            "spec.alerts.additional[0].expr: column 14"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: 'ratez(x[5m])'}]",
            "spec.alerts.additional[0].expr: column 1"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: 'rate(x[5 minutes])'}]",
            "spec.alerts.additional[0].expr"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: 'up{job==\"gym\"}'}]",
            "spec.alerts.additional[0].expr"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: 'rate(up)'}]",
            "spec.alerts.additional[0].expr"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: 'up[5m]'}]",
            "spec.alerts.additional[0].expr"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: '\"text\"'}]",
            "spec.alerts.additional[0].expr"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: up, description: '{{ $value'}]",
            "spec.alerts.additional[0].description"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: up, summary: '{{ humanise $value }}'}]",
            "spec.alerts.additional[0].summary"),
        bad(
            "/spec/alerts/additional",
            "[{name: 'Bad Name', expr: up}]",
            "spec.alerts.additional[0].name"),
        bad(
            "/spec/alerts/additional",
            "[{name: A, expr: up, for: 99999999999999999999y}]",
            "spec.alerts.additional[0].for"),
        bad(
            "/spec/alertmanager/route/groupBy",
            "[alertname, job, alertname]",
            "spec.alertmanager.route.groupBy[2]: Duplicate value"),
        bad("/spec/alertmanager/receivers", "[{name: a}]", "spec.alertmanager.receivers[0]"),
        bad(
            "/spec/alertmanager/receivers",
            "[" + WEBHOOK + ", " + WEBHOOK + "]",
            "spec.alertmanager.receivers[1]: Duplicate value"),
        bad(
            "/spec/alertmanager/receivers",
            "[{name: h, webhook: {url: 'https://user:hunter2-literal@hooks.example.org/in'}}]",
            "spec.alertmanager.receivers[0].webhook.url: must not carry credentials"),
        bad(
            "/spec/alertmanager/receivers",
            "["
                + MAIL.formatted("{name: smtp, key: password}")
                    .replace("smtp.example.org:587", "smtp.example.org:99999")
                + "]",
            "spec.alertmanager.receivers[0].email.smarthost"),
        bad("/metadata/name", "n" + "m".repeat(63), "metadata.name"),
        bad(
            "/spec/alertmanager/receivers",
            "[{name: 'null', webhook: {url: 'https://h.example.org/x'}}]",
            "spec.alertmanager.receivers[0].name"),
        bad(
            "/spec/alertmanager/receivers",
            "["
                + MAIL.formatted("{name: smtp, key: password}")
                    .replace("ops@example.org", "ops@localhost")
                + "]",
            "spec.alertmanager.receivers[0].email.to"),
        bad(
            "/spec/alertmanager/receivers",
            "[" + MAIL.formatted("hunter2-literal") + "]",
            "spec.alertmanager.receivers[0].email.authPassword"),
        bad(
            "/spec/alertmanager/receivers",
            "[" + MAIL.formatted("{name: Bad_Secret, key: password}") + "]",
            "spec.alertmanager.receivers[0].email.authPassword.name"),
        bad(
            "/spec/alertmanager/receivers",
            "[{name: h, webhook: {url: 'ftp://files.example.org/x'}}]",
            "spec.alertmanager.receivers[0].webhook.url"),
        bad(
            "/spec/alertmanager/receivers",
            "[{name: h, webhook: {url: 'https://a.example.org/x', urlSecret: {name: s, key: k}}}]",
            "spec.alertmanager.receivers[0].webhook"),
        bad(
            "/spec/alertmanager/receivers",
            "["
                + MAIL.formatted("{name: smtp, key: password}")
                    .replace("smtp.example.org:587", "smtp.example.org")
                + "]",
            "spec.alertmanager.receivers[0].email.smarthost"),
        bad("/spec/dashboards/labels", "{app.kubernetes.io/name: x}", "spec.dashboards.labels"),
        bad("/spec/dashboards/mode", "grafana", "spec.dashboards.mode"),
        bad(
            "/spec/dashboards/instanceSelector",
            "{matchLabels: {'bad key!': x}}",
            "spec.dashboards.instanceSelector.matchLabels"),
        bad(
            "/spec/dashboards/instanceSelector",
            "{matchExpressions: [{key: tier, operator: Exists, values: [a]}]}",
            "spec.dashboards.instanceSelector.matchExpressions[0]"),
        bad(
            "/spec/dashboards/instanceSelector",
            "{matchExpressions: [{key: tier, operator: Near}]}",
            "spec.dashboards.instanceSelector.matchExpressions[0].operator"),
        bad(
            "/spec/dashboards/instanceSelector",
            "{matchExpressions: [{key: tier, operator: In, values: ['a b']}]}",
            "spec.dashboards.instanceSelector.matchExpressions[0].values"),
        bad("/spec/prometheus/url", "prometheus:9090", "spec.prometheus.url"),
        bad("/spec/prometheus/url", "'ftp://prometheus:9090'", "spec.prometheus.url"),
        bad("/spec/prometheus/url", "'http://admin:pw@prometheus:9090'", "spec.prometheus.url"),
        bad("/spec/prometheus/url", "'http://prometheus:9090/?x=1'", "spec.prometheus.url"),
        bad("/spec/prometheus/url", "'http://prometheus:99999'", "spec.prometheus.url"),
        bad("/spec/prometheus/url", "'http://prome_theus:9090'", "spec.prometheus.url"),
        bad("/spec/stack/mode", "internal", "spec.stack.mode"),
        managedNamed("g" + "y".repeat(CausalGymMonitoring.MAX_MANAGED_NAME_LENGTH)),
        bad(
            "/spec/stack",
            "{mode: managed, prometheus: {retention: 0}}",
            "spec.stack.prometheus.retention"),
        bad(
            "/spec/stack",
            "{mode: managed, prometheus: {retention: 2 weeks}}",
            "spec.stack.prometheus.retention"),
        bad(
            "/spec/stack",
            "{mode: managed, prometheus: {storage: {size: big}}}",
            "spec.stack.prometheus.storage.size"),
        bad(
            "/spec/stack",
            "{mode: managed, prometheus: {storage: {size: '-1Gi'}}}",
            "spec.stack.prometheus.storage.size"),
        bad(
            "/spec/stack",
            "{mode: managed, prometheus: {image: 'prom prometheus'}}",
            "spec.stack.prometheus.image"),
        bad(
            "/spec/stack",
            "{mode: managed, grafana: {adminSecret: Admin_Secret}}",
            "spec.stack.grafana.adminSecret"),
        bad(
            "/spec/stack",
            "{mode: managed, alertmanager: {resources: {requests: {memory: 2Gi}, limits: {memory: 1Gi}}}}",
            "spec.stack.alertmanager.resources.requests.memory"),
        bad(
            "/spec/alertmanager/receivers",
            "[{name: m, email: {to: a@b.org, from: c@d.org, smarthost: 'm.b.org:25', subject: ''}}]",
            "spec.alertmanager.receivers[0].email.subject"),
        bad("/spec/logging", "{enabled: true}", "spec.logging"),
        bad(
            "/spec/logging",
            "{enabled: true, file: app.log, elasticsearch: %s}".formatted(ES),
            "spec.logging.file"),
        bad(
            "/spec/logging",
            "{enabled: true, file: /app.log, elasticsearch: %s}".formatted(ES),
            "spec.logging.file"),
        bad(
            "/spec/logging",
            "{enabled: true, volumeSizeLimit: lots, elasticsearch: %s}".formatted(ES),
            "spec.logging.volumeSizeLimit"),
        bad("/spec/logging", logging("[es.local:9200]", "x"), "spec.logging.elasticsearch.hosts"),
        bad(
            "/spec/logging",
            logging("['ftp://es.local']", "x"),
            "spec.logging.elasticsearch.hosts"),
        bad(
            "/spec/logging",
            logging("['https://u:p@es.local:9200']", "x"),
            "spec.logging.elasticsearch.hosts"),
        bad("/spec/logging", logging("[]", "x"), "spec.logging.elasticsearch.hosts"),
        bad(
            "/spec/logging",
            logging("['https://es.local']", "Gym-%{+yyyy.MM.dd}"),
            "spec.logging.elasticsearch.index"),
        bad(
            "/spec/logging",
            logging("['https://es.local']", "gym logs"),
            "spec.logging.elasticsearch.index"),
        bad(
            "/spec/logging",
            logging("['https://es.local']", "gym#1"),
            "spec.logging.elasticsearch.index"),
        bad(
            "/spec/logging",
            logging("['https://es.local']", "-gym"),
            "spec.logging.elasticsearch.index"),
        bad(
            "/spec/logging",
            logging("['https://es.local']", "gym-%{+yyyy"),
            "spec.logging.elasticsearch.index"),
        bad(
            "/spec/logging",
            "{enabled: true, elasticsearch: {hosts: ['https://es.local'], username: u}}",
            "spec.logging.elasticsearch"),
        bad(
            "/spec/logging",
            "{enabled: true, elasticsearch: {hosts: ['https://es.local'], username: u,"
                + " password: {name: s, key: k}, apiKey: {name: s, key: a}}}",
            "spec.logging.elasticsearch"),
        bad(
            "/spec/logging",
            "{enabled: true, elasticsearch: {hosts: ['https://es.local'],"
                + " password: {name: s, key: k}}}",
            "spec.logging.elasticsearch"),
        bad(
            "/spec/logging",
            "{enabled: true, elasticsearch: {hosts: ['https://es.local'], apiKey: my-key}}",
            "spec.logging.elasticsearch.apiKey"));
  }

  /** A managed stack under a name one character longer than its Services allow. */
  private static Arguments managedNamed(String name) {
    ObjectNode resource = with("/spec/stack", "{mode: managed}");
    ((ObjectNode) resource.get("metadata")).put("name", name);
    return Arguments.of(
        "managed stack, name of " + name.length(),
        resource,
        "metadata.name: may have at most " + CausalGymMonitoring.MAX_MANAGED_NAME_LENGTH);
  }

  private static final String ES =
      "{hosts: ['https://es.local:9200'], username: u, password: {name: s, key: k}}";

  private static String logging(String hosts, String index) {
    return ("{enabled: true, elasticsearch: {hosts: %s, index: '%s', username: u,"
            + " password: {name: s, key: k}}}")
        .formatted(hosts, index);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badResources")
  void renderRefusesNamingTheField(String name, ObjectNode resource, String field)
      throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml(resource));

    RenderCommandTest.Run run = RenderCommandTest.run("render", "-f", file.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(field).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.err()).doesNotContain("hunter2-literal");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badResourcesJsonCanCarry")
  void theClusterWithTheOperatorRefusesNamingTheField(
      String name, ObjectNode resource, String field) {
    KubernetesClient client = cluster.client();
    if (!field.startsWith("metadata.name")) {
      ((ObjectNode) resource.get("metadata")).put("name", "case-" + NEXT.incrementAndGet());
    }
    String resourceName = resource.at("/metadata/name").asText();
    var untyped =
        client
            .genericKubernetesResources(
                HasMetadata.getApiVersion(CausalGymMonitoring.class), "CausalGymMonitoring")
            .inNamespace(NAMESPACE);
    try {
      untyped
          .resource(Serialization.unmarshal(resource.toString(), GenericKubernetesResource.class))
          .create();
    } catch (KubernetesClientException refused) {
      // Refused at apply time, as kubectl apply would be: the field named, nothing stored.
      assertThat(refused.getCode()).isEqualTo(422);
      assertThat(refused.getMessage()).contains(field).doesNotContain("hunter2-literal");
      assertThat(untyped.withName(resourceName).get()).isNull();
      return;
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              CausalGymMonitoring cr =
                  client
                      .resources(CausalGymMonitoring.class)
                      .inNamespace(NAMESPACE)
                      .withName(resourceName)
                      .get();
              assertThat(cr.getStatus()).isNotNull();
              assertThat(cr.getStatus().conditions)
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getReason()).isEqualTo("InvalidSpec");
                        assertThat(c.getMessage()).contains(field);
                      });
            });
    // Every kind of the registry: a kind added there is covered here unasked.
    assertThat(cluster.objectsOf(NAMESPACE, resourceName))
        .as("objects of " + resourceName)
        .isEmpty();
  }

  static Stream<Arguments> badDocuments() {
    byte[] latin1 = (VALID + "  # caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    return Stream.of(
        Arguments.of(
            "duplicate key",
            (VALID + "  app: {image: other}\n").getBytes(StandardCharsets.UTF_8),
            "found duplicate key app"),
        Arguments.of("not UTF-8", latin1, "not UTF-8"),
        Arguments.of(
            "a scalar document", "just text\n".getBytes(StandardCharsets.UTF_8), "document 1"),
        Arguments.of(
            "an extra scalar document",
            (VALID + "---\n42\n").getBytes(StandardCharsets.UTF_8),
            "document 2"),
        Arguments.of(
            "metadata: null",
            VALID
                .replace("metadata: {name: bad-input, namespace: qa-zone}", "metadata: null")
                .getBytes(StandardCharsets.UTF_8),
            "metadata"),
        Arguments.of(
            "another kind",
            VALID
                .replace("kind: CausalGymMonitoring", "kind: ConfigMap")
                .getBytes(StandardCharsets.UTF_8),
            "apiVersion/kind"),
        Arguments.of(
            "a namespace PromQL cannot hold",
            VALID
                .replace("namespace: qa-zone", "namespace: 'qa\"zone'")
                .getBytes(StandardCharsets.UTF_8),
            "metadata.namespace"),
        Arguments.of(
            "no YAML", "spec: [unclosed\n".getBytes(StandardCharsets.UTF_8), "not valid YAML"),
        Arguments.of(
            "20,000 nested flow sequences (kubectl stops at 10,000)",
            VALID
                .replace("port: 6100", "port: " + "[".repeat(20_000) + "]".repeat(20_000))
                .getBytes(StandardCharsets.UTF_8),
            "exceeded max depth of 10000 at line 5"),
        Arguments.of(
            "9,990 nested flow sequences: read, and refused by the schema",
            VALID
                .replace("port: 6100", "port: " + "[".repeat(9_990) + "]".repeat(9_990))
                .getBytes(StandardCharsets.UTF_8),
            "spec.app.port: array found, integer expected"),
        Arguments.of(
            "~ is null to kubectl, so a required field is missing",
            VALID
                .replace("image: \"registry.example.org/gym:5\"", "image: ~")
                .getBytes(StandardCharsets.UTF_8),
            "spec.app.image: must be set"),
        Arguments.of("nothing", new byte[0], "no CausalGymMonitoring"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badDocuments")
  void renderRefusesBadDocumentsNamingThem(String name, byte[] bytes, String expected)
      throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.write(file, bytes);

    RenderCommandTest.Run run = RenderCommandTest.run("render", "-f", file.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
