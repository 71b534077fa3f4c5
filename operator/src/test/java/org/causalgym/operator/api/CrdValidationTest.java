package org.causalgym.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.causalgym.operator.admission.CrdAdmission;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.YamlDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD as an API server applies it at kubectl apply time: its OpenAPI schema and its
 * CEL rules, evaluated by {@link CrdAdmission} with the JSON-schema and CEL libraries.
 */
class CrdValidationTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static ObjectNode sample(String file) throws IOException {
    return (ObjectNode) YAML.readTree(Repository.samples().resolve(file).toFile());
  }

  private static List<String> admit(ObjectNode resource) {
    return CrdAdmission.packaged().admit(resource).stream().map(SpecViolation::toString).toList();
  }

  static Stream<Path> samples() {
    return Repository.sampleFiles().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleIsAdmitted(Path sample) throws IOException {
    assertThat(admit((ObjectNode) YAML.readTree(sample.toFile()))).isEmpty();
  }

  private static ObjectNode with(String file, String pointer, String value) throws IOException {
    return YamlDocuments.withValue(sample(file), pointer, value);
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("/spec/app/port", "0", "spec.app.port"),
        Arguments.of("/spec/app/port", "\"5000\"", "spec.app.port"),
        Arguments.of("/spec/app/port", "70000", "spec.app.port: must have a maximum"),
        Arguments.of("/spec/app/replicas", "2.5", "spec.app.replicas"),
        Arguments.of("/spec/app/replicas", "99999999999", "spec.app.replicas"),
        Arguments.of("/spec/app/metricsPort", "70000", "spec.app.metricsPort"),
        Arguments.of("/spec/app/replicas", "-1", "spec.app.replicas"),
        Arguments.of("/spec/app/image", "\"\"", "spec.app.image"),
        Arguments.of("/spec/app/logLevel", "\"TRACE\"", "spec.app.logLevel"),
        Arguments.of("/spec/app/metricsPath", "\"metrics\"", "spec.app.metricsPath"),
        Arguments.of("/spec/app/metricsPath", "\"/a b\"", "spec.app.metricsPath"),
        Arguments.of("/spec/app/image", "\"gym: latest\"", "spec.app.image: does not match"),
        Arguments.of("/spec/app", "null", "spec.app: must be set"),
        Arguments.of(
            "/spec/app/healthCheckIntervalSeconds", "0", "spec.app.healthCheckIntervalSeconds"),
        Arguments.of(
            "/spec/app/liveness/initialDelaySeconds",
            "-5",
            "spec.app.liveness.initialDelaySeconds"),
        Arguments.of("/spec/app/readiness/periodSeconds", "0", "spec.app.readiness.periodSeconds"),
        Arguments.of(
            "/spec/app/readiness/timeoutSeconds", "0", "spec.app.readiness.timeoutSeconds"),
        Arguments.of(
            "/spec/app/readiness/failureThreshold", "0", "spec.app.readiness.failureThreshold"),
        Arguments.of("/spec/app/unknown", "1", "spec.app.unknown: unknown field"),
        Arguments.of("/spec/metrics/prefix", "\"9gym\"", "spec.metrics.prefix"),
        Arguments.of("/spec/metrics/prefix", "\"causal-gym\"", "spec.metrics.prefix"),
        Arguments.of("/spec/metrics/scrapeInterval", "\"10\"", "spec.metrics.scrapeInterval"),
        Arguments.of("/spec/metrics/scrapeTimeout", "\"1d\"", "spec.metrics.scrapeTimeout"),
        Arguments.of(
            "/spec/alerts/highErrorRate/threshold", "-1", "spec.alerts.highErrorRate.threshold"),
        Arguments.of(
            "/spec/alerts/highErrorRate/for", "\"5 minutes\"", "spec.alerts.highErrorRate.for"),
        Arguments.of(
            "/spec/alerts/highErrorRate/for",
            "\"\"",
            "spec.alerts.highErrorRate.for: must be at least 1"),
        Arguments.of(
            "/spec/alerts/highMemoryUsage/thresholdPercent",
            "101",
            "spec.alerts.highMemoryUsage.thresholdPercent"),
        Arguments.of(
            "/spec/alerts/serviceDown/severity", "\"\"", "spec.alerts.serviceDown.severity"),
        Arguments.of(
            "/spec/alerts/additional/0/severity", "\"\"", "spec.alerts.additional[0].severity"),
        Arguments.of("/spec/alerts/additional/0/expr", "\" \"", "spec.alerts.additional[0].expr"),
        Arguments.of("/spec/alerts/additional/0/for", "soon", "spec.alerts.additional[0].for"),
        Arguments.of(
            "/spec/alerts/additional",
            "[{expr: up}]",
            "spec.alerts.additional[0].name: must be set"),
        Arguments.of(
            "/spec/alerts/additional/0/name",
            "\"Slow Responses\"",
            "spec.alerts.additional[0].name"),
        Arguments.of("/spec/dashboards/folder", "\" \"", "spec.dashboards.folder"),
        Arguments.of(
            "/spec/dashboards/labels",
            "{app.kubernetes.io/managed-by: me}",
            "spec.dashboards.labels"),
        Arguments.of(
            "/spec/dashboards/labels",
            "{\"bad key!\": \"1\"}",
            "spec.dashboards.labels: keys must be Kubernetes label keys"),
        Arguments.of("/metadata/name", "\"Gym\"", "metadata.name"),
        Arguments.of("/metadata/name", "\"a.b\"", "metadata.name"),
        Arguments.of("/metadata/name", "\"1gym\"", "metadata.name"),
        Arguments.of("/metadata/name", "\"" + "n".repeat(64) + "\"", "metadata.name"),
        Arguments.of(
            "/spec/prometheus/selectorLabels",
            "{tier: \"a b\"}",
            "spec.prometheus.selectorLabels.tier"),
        Arguments.of(
            "/spec/prometheus/selectorLabels",
            "{\"bad key\": x}",
            "spec.prometheus.selectorLabels: keys must be Kubernetes label keys"),
        Arguments.of(
            "/spec/prometheus/selectorLabels",
            "{release: " + "x".repeat(64) + "}",
            "spec.prometheus.selectorLabels.release: must be at most 63"),
        Arguments.of(
            "/spec/prometheus/selectorLabels",
            "{app.kubernetes.io/managed-by: me}",
            "spec.prometheus.selectorLabels: may not set"),
        Arguments.of(
            "/spec/dashboards/instanceSelector",
            "{matchLabels: {tier: \"" + "v".repeat(64) + "\"}}",
            "spec.dashboards.instanceSelector.matchLabels.tier"),
        Arguments.of(
            "/spec/dashboards/instanceSelector",
            "{matchExpressions: [{key: tier, operator: In, values: [ok, \"x y\"]}]}",
            "spec.dashboards.instanceSelector.matchExpressions[0].values[1]"),
        Arguments.of(
            "/spec/dashboards/instanceSelector",
            "{matchExpressions: [{key: tier, operator: In}]}",
            "spec.dashboards.instanceSelector.matchExpressions[0].values"),
        Arguments.of(
            "/spec/alertmanager/route/groupBy",
            "[alertname, \"bad-label\"]",
            "spec.alertmanager.route.groupBy[1]"),
        Arguments.of(
            "/spec/alertmanager/route/groupBy",
            "[job, \"...\"]",
            "spec.alertmanager.route.groupBy: ... groups by all labels"),
        Arguments.of(
            "/spec/alertmanager/route/groupWait", "soon", "spec.alertmanager.route.groupWait"),
        Arguments.of(
            "/spec/alertmanager/route/repeatInterval",
            "\"\"",
            "spec.alertmanager.route.repeatInterval"),
        Arguments.of(
            "/spec/alertmanager/receivers",
            "[{name: oncall}]",
            "spec.alertmanager.receivers[0]: a receiver has exactly one of"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/webhook",
            "{url: 'https://h.example/x'}",
            "spec.alertmanager.receivers[0]: a receiver has exactly one of"),
        Arguments.of(
            "/spec/alertmanager/receivers",
            "[{webhook: {url: 'https://h.example/x'}}]",
            "spec.alertmanager.receivers[0].name: must be set"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/name",
            "\"null\"",
            "spec.alertmanager.receivers[0].name: \"null\" is the operator's own receiver"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/to",
            "null",
            "spec.alertmanager.receivers[0].email.to: must be set"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/to",
            "oncall",
            "spec.alertmanager.receivers[0].email.to: does not match"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/to",
            "admin@localhost",
            "spec.alertmanager.receivers[0].email.to: does not match"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/from",
            "\"a b@c\"",
            "spec.alertmanager.receivers[0].email.from"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/smarthost",
            "mail.lab.example",
            "spec.alertmanager.receivers[0].email.smarthost"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/smarthost",
            "\"mail.lab.example:99999\"",
            "spec.alertmanager.receivers[0].email.smarthost"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/smarthost",
            "\"mail.lab.example:0\"",
            "spec.alertmanager.receivers[0].email.smarthost"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/authPassword",
            "{name: smtp-credentials}",
            "spec.alertmanager.receivers[0].email.authPassword.key: must be set"),
        Arguments.of(
            "/spec/alertmanager/receivers/0/email/authPassword/name",
            "Bad_Name",
            "spec.alertmanager.receivers[0].email.authPassword.name"),
        Arguments.of(
            "/spec/alertmanager/receivers/1/webhook/url",
            "\"https://h.example:70000/x\"",
            "spec.alertmanager.receivers[1].webhook.url"),
        Arguments.of(
            "/spec/alertmanager/receivers/1/webhook/url",
            "\"not a url\"",
            "spec.alertmanager.receivers[1].webhook.url"),
        Arguments.of(
            "/spec/alertmanager/receivers/1/webhook/url",
            "\"ftp://files.example/hook\"",
            "spec.alertmanager.receivers[1].webhook.url"),
        Arguments.of(
            "/spec/alertmanager/receivers/1/webhook/urlSecret",
            "{name: hooks, key: url}",
            "spec.alertmanager.receivers[1].webhook: a webhook has exactly one of"),
        Arguments.of(
            "/spec/alertmanager/receivers/1/webhook",
            "{}",
            "spec.alertmanager.receivers[1].webhook: a webhook has exactly one of"),
        Arguments.of(
            "/spec/alertmanager/receivers",
            "[{name: chat, slack: {}}]",
            "spec.alertmanager.receivers[0].slack.apiURL: must be set"),
        Arguments.of("/spec/app/env", "[{name: A}, {name: METRICS_PORT}]", "spec.app.env[1].name"),
        Arguments.of(
            "/spec/app/env",
            "[{name: A}, {name: \"1 bad\"}]",
            "spec.app.env[1].name: does not match"),
        Arguments.of(
            "/spec/app/env",
            "[{name: A, value: x, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]",
            "spec.app.env[0]: a variable has value or valueFrom, not both"),
        Arguments.of(
            "/spec/alerts/additional",
            "[{name: Slow, expr: up}, {name: HighMemoryUsage, expr: up}]",
            "spec.alerts.additional[1].name"),
        Arguments.of(
            "/spec/alerts/additional",
            "[{name: PodEvicted, expr: up}]",
            "spec.alerts.additional[0].name"),
        Arguments.of(
            "/spec/stack/prometheus/retention", "\"0d0h\"", "spec.stack.prometheus.retention"),
        Arguments.of(
            "/spec/stack/prometheus/storage/size", "\"0Gi\"", "spec.stack.prometheus.storage.size"),
        Arguments.of(
            "/spec/stack/prometheus/storage/size",
            "\"lots\"",
            "spec.stack.prometheus.storage.size"),
        Arguments.of("/spec/logging/volumeSizeLimit", "\"-1Gi\"", "spec.logging.volumeSizeLimit"),
        Arguments.of("/spec/prometheus/url", "\"http://prom:65536\"", "spec.prometheus.url"),
        Arguments.of("/spec/prometheus/url", "\"http://prom_1:9090\"", "spec.prometheus.url"),
        Arguments.of("/spec/prometheus/version", "\"3\"", "spec.prometheus.version"),
        Arguments.of("/spec/prometheus/version", "\"latest\"", "spec.prometheus.version"),
        Arguments.of("/spec/prometheus/version", "\"3.5.0-rc.1\"", "spec.prometheus.version"),
        Arguments.of("/spec/prometheus/version", "\"V3.5\"", "spec.prometheus.version"),
        Arguments.of("/spec/prometheus/version", "\"03.5\"", "spec.prometheus.version"),
        Arguments.of("/spec/prometheus/version", "\" 3.5\"", "spec.prometheus.version"),
        Arguments.of("/spec/prometheus/version", "3.5", "spec.prometheus.version"),
        Arguments.of("/spec/prometheus/version", "\"1234.1234.12345\"", "spec.prometheus.version"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("rejected")
  void theCrdRejectsBadValuesNamingTheField(String pointer, String value, String field)
      throws IOException {
    assertThat(admit(with("full.yaml", pointer, value))).anyMatch(v -> v.startsWith(field));
  }

  @ParameterizedTest
  @MethodSource("org.causalgym.operator.api.CrdValidationTest#versionsAsWritten")
  void aPrometheusVersionIsMajorMinorWithAnOptionalPatchAndV(String version) throws IOException {
    assertThat(admit(with("minimal.yaml", "/spec/prometheus", "{version: \"" + version + "\"}")))
        .isEmpty();
  }

  static Stream<String> versionsAsWritten() {
    // The range (2.42–3.5) is SpecValidator's: the schema only knows the syntax.
    return Stream.of("", "3.5", "3.5.0", "v2.53.1", "v3.0", "2.10.0", "9999.9999.9999");
  }

  @ParameterizedTest
  @MethodSource("org.causalgym.operator.api.CrdValidationTest#prometheusAccessAsWritten")
  void prometheusAccessIsReferencedAndAtMostOneCredential(String prometheus, String refusal)
      throws IOException {
    List<String> refusals = admit(with("minimal.yaml", "/spec/prometheus", prometheus));
    if (refusal.isEmpty()) {
      assertThat(refusals).isEmpty();
    } else {
      assertThat(refusals).containsExactly(refusal);
    }
  }

  static Stream<Arguments> prometheusAccessAsWritten() {
    String https = "url: https://thanos-querier.openshift-monitoring.svc:9091";
    return Stream.of(
        Arguments.of(
            "{" + https + ", ca: {name: openshift-service-ca.crt, key: service-ca.crt}}", ""),
        Arguments.of("{" + https + ", ca: {name: prom-ca, key: ca.crt, kind: Secret}}", ""),
        Arguments.of("{" + https + ", bearerToken: {name: prom-token, key: token}}", ""),
        Arguments.of(
            "{" + https + ", basicAuth: {username: viewer, password: {name: b, key: password}}}",
            ""),
        Arguments.of("{" + https + ", useServiceAccountToken: true}", ""),
        Arguments.of(
            "{url: http://prometheus.monitoring.svc:9090, useServiceAccountToken: false}", ""),
        Arguments.of(
            "{" + https + ", ca: {name: c, key: k, kind: Bundle}}",
            "spec.prometheus.ca.kind: does not have a value in the enumeration [\"ConfigMap\", \"Secret\"]"),
        Arguments.of(
            "{" + https + ", useServiceAccountToken: true, bearerToken: {name: t, key: token}}",
            "spec.prometheus: at most one of bearerToken, basicAuth, useServiceAccountToken"),
        Arguments.of(
            "{url: http://prometheus.monitoring.svc:9090, useServiceAccountToken: true}",
            "spec.prometheus.useServiceAccountToken: useServiceAccountToken requires an https url:"
                + " the operator's own token never travels in clear"),
        Arguments.of(
            "{" + https + ", bearerToken: \"hunter2\"}",
            "spec.prometheus.bearerToken: " + SecretKeyRef.NEVER_A_LITERAL),
        Arguments.of(
            "{" + https + ", basicAuth: {username: viewer}}",
            "spec.prometheus.basicAuth.password: must be set"));
  }

  @Test
  void theCrdRequiresTheImage() throws IOException {
    ObjectNode resource = sample("minimal.yaml");
    ((ObjectNode) resource.at("/spec/app")).remove("image");
    assertThat(admit(resource)).containsExactly("spec.app.image: must be set");
  }

  /** As a number read from YAML's .nan, which JSON cannot carry to an API server. */
  @Test
  void aNumberMustBeFinite() throws IOException {
    ObjectNode resource = sample("full.yaml");
    ((ObjectNode) resource.at("/spec/alerts/highErrorRate")).put("threshold", Double.NaN);
    assertThat(admit(resource))
        .containsExactly("spec.alerts.highErrorRate.threshold: must be a finite number, found NaN");
  }

  @Test
  void nullsArePrunedSoThatDefaultsApply() throws IOException {
    ObjectNode resource = with("minimal.yaml", "/spec/app/port", "null");
    assertThat(admit(resource)).isEmpty();
    assertThat(resource.at("/spec/app/port").asInt()).isEqualTo(5000);
  }

  private static List<String> celPaths(JsonNode node, String path) {
    List<String> paths = new ArrayList<>();
    node.path("x-kubernetes-validations").forEach(r -> paths.add(path));
    node.path("properties")
        .properties()
        .forEach(p -> paths.addAll(celPaths(p.getValue(), path + "/" + p.getKey())));
    if (node.has("items")) {
      paths.addAll(celPaths(node.get("items"), path + "/0"));
    }
    return paths;
  }

  @Test
  void theCrdCarriesTheCelRulesTheSchemaCannotExpress() throws IOException {
    JsonNode schema =
        YAML.readTree(
                Repository.root()
                    .resolve("crds/causalgymmonitorings.monitoring.causal-gym.org-v1.yml")
                    .toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema");
    assertThat(celPaths(schema, ""))
        .contains(
            "",
            "/spec/app",
            "/spec/app/env/0",
            "/spec/metrics",
            "/spec/prometheus/selectorLabels",
            "/spec/alerts/additional/0",
            "/spec/alertmanager/receivers/0",
            "/spec/alertmanager/receivers/0/webhook",
            "/spec/dashboards/labels");
  }

  static Stream<Arguments> celCases() {
    return Stream.of(
        Arguments.of(
            "{scrapeInterval: 10s, scrapeTimeout: 30s}",
            "spec.metrics.scrapeTimeout: scrapeTimeout must not exceed scrapeInterval"),
        Arguments.of(
            "{scrapeInterval: 1m30s, scrapeTimeout: 2m}",
            "spec.metrics.scrapeTimeout: scrapeTimeout must not exceed scrapeInterval"),
        Arguments.of(
            "{scrapeInterval: 0s, scrapeTimeout: 0s}",
            "spec.metrics.scrapeInterval: scrapeInterval must be longer than 0s"),
        Arguments.of("{scrapeInterval: 1m30s, scrapeTimeout: 90s}", null),
        // The default scrapeTimeout (5s) applies before the rule, as on an API server.
        Arguments.of(
            "{scrapeInterval: 2s}",
            "spec.metrics.scrapeTimeout: scrapeTimeout must not exceed scrapeInterval"),
        Arguments.of("{scrapeInterval: 2s, scrapeTimeout: 2s}", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("celCases")
  void theScrapeTimeoutRule(String metrics, String expected) throws Exception {
    ObjectNode resource = sample("minimal.yaml");
    ((ObjectNode) resource.get("spec")).set("metrics", YAML.readTree(metrics));
    List<String> violations = admit(resource);
    if (expected == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations).containsExactly(expected);
    }
  }

  @Test
  void thePortsMustDiffer() throws Exception {
    ObjectNode resource = sample("minimal.yaml");
    ((ObjectNode) resource.at("/spec/app")).put("port", 9000).put("metricsPort", 9000);
    assertThat(admit(resource))
        .containsExactly("spec.app.metricsPort: port and metricsPort must differ");
  }

  @Test
  void thePrinterColumnsAreInReadingOrderWithReasonWide() throws IOException {
    JsonNode columns =
        YAML.readTree(
                Repository.root()
                    .resolve("crds/causalgymmonitorings.monitoring.causal-gym.org-v1.yml")
                    .toFile())
            .at("/spec/versions/0/additionalPrinterColumns");
    List<String> names = new ArrayList<>();
    List<Integer> priorities = new ArrayList<>();
    columns.forEach(
        c -> {
          names.add(c.path("name").asText());
          priorities.add(c.path("priority").asInt());
        });
    // kubectl prints NAME first, then the columns in the CRD's order.
    assertThat(names)
        .containsExactly("Ready", "Available", "Selected", "Observed", "Alerts", "Reason", "Age");
    assertThat(priorities).containsExactly(0, 0, 0, 0, 0, 1, 0);
  }

  static Stream<Arguments> duplicates() {
    return Stream.of(
        Arguments.of(
            "/spec/app/env",
            "[{name: A, value: '1'}, {name: B}, {name: A, value: '2'}, {name: A}]",
            "spec.app.env[2]: Duplicate value: map[string]interface {}{\"name\":\"A\"}"),
        Arguments.of(
            "/spec/alerts/additional",
            "[{name: Slow, expr: up}, {name: Slow, expr: 'up == 0'}]",
            "spec.alerts.additional[1]: Duplicate value: map[string]interface {}{\"name\":\"Slow\"}"),
        Arguments.of(
            "/spec/alertmanager/receivers",
            "[{name: ops, webhook: {url: 'https://hooks.example.net/a'}},"
                + " {name: ops, webhook: {url: 'https://hooks.example.net/b'}}]",
            "spec.alertmanager.receivers[1]: Duplicate value: map[string]interface"
                + " {}{\"name\":\"ops\"}"),
        Arguments.of(
            "/spec/alertmanager/route/groupBy",
            "[job, alertname, job]",
            "spec.alertmanager.route.groupBy[2]: Duplicate value: \"job\""));
  }

  /** As the API server reports a repeated entry of a list-type map or set: once, at the entry. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("duplicates")
  void aRepeatedEntryIsNamed(String pointer, String value, String expected) throws IOException {
    assertThat(admit(with("minimal.yaml", pointer, value))).containsExactly(expected);
  }

  @Test
  void aWebhookUrlWithCredentialsIsRefusedWithoutRepeatingThem() throws IOException {
    List<String> violations =
        admit(
            with(
                "minimal.yaml",
                "/spec/alertmanager/receivers",
                "[{name: hook, webhook: {url: 'https://bot:s3cr3t-token@hooks.example.net/in'}}]"));
    assertThat(violations)
        .singleElement()
        .asString()
        .startsWith("spec.alertmanager.receivers[0].webhook.url: must not carry credentials")
        .contains("urlSecret")
        .doesNotContain("s3cr3t-token");
  }

  static Stream<Arguments> indexNames() {
    return Stream.of(
        Arguments.of("gym-%{+yyyy.MM.dd}", true),
        Arguments.of("%{[service]}-logs", true),
        Arguments.of("logs%", true),
        Arguments.of("100%-%{+yyyy}", true),
        Arguments.of("Gym-%{+yyyy.MM.dd}", false),
        Arguments.of("gym logs", false),
        Arguments.of("gym#1", false),
        Arguments.of("gym:1", false),
        Arguments.of("-gym", false),
        Arguments.of("_gym", false),
        Arguments.of("+gym", false),
        Arguments.of("gym-%{+yyyy", false),
        Arguments.of("gym-%%{", false),
        Arguments.of(".", false),
        Arguments.of("..", false));
  }

  /** The index rules Elasticsearch applies, checked by the CRD where Filebeat's formats allow. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("indexNames")
  void theIndexIsOneElasticsearchAccepts(String index, boolean accepted) throws IOException {
    ObjectNode resource =
        with(
            "minimal.yaml",
            "/spec/logging",
            "{enabled: true, elasticsearch: {hosts: ['https://search.example.net:9243'],"
                + " apiKey: {name: es, key: key}}}");
    ((ObjectNode) resource.at("/spec/logging/elasticsearch")).put("index", index);
    List<String> violations = admit(resource);
    if (accepted) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations)
          .singleElement()
          .asString()
          .startsWith("spec.logging.elasticsearch.index:");
    }
  }

  static Stream<Arguments> retentions() {
    return Stream.of(
        Arguments.of("{retention: 9d, index: trial-logs}", List.of()),
        Arguments.of("{retention: 12000d, index: \"trial-logs.v2\"}", List.of()),
        Arguments.of("{index: \"trial-%{+yyyy.MM}\"}", List.of()),
        Arguments.of(
            "{retention: 9d, index: \"trial-%{+yyyy.MM}\"}",
            List.of("spec.logging.elasticsearch.index: must not contain a %{...} format")),
        Arguments.of(
            "{retention: 9d}",
            List.of("spec.logging.elasticsearch.index: must not contain a %{...} format")),
        Arguments.of("{retention: 0d, index: t}", List.of("spec.logging.elasticsearch.retention")),
        Arguments.of("{retention: 36h, index: t}", List.of("spec.logging.elasticsearch.retention")),
        Arguments.of(
            "{retention: 100000d, index: t}",
            List.of(
                "spec.logging.elasticsearch.retention: must be at most 6",
                "spec.logging.elasticsearch.retention: does not match")));
  }

  /** A retention needs one data stream: ILM never deletes a stream's write index. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("retentions")
  void aRetentionNeedsAnIndexWithoutAFormat(String fields, List<String> refused)
      throws IOException {
    ObjectNode resource =
        with(
            "minimal.yaml",
            "/spec/logging",
            "{enabled: true, elasticsearch: {hosts: ['https://search.example.net:9243'],"
                + " apiKey: {name: es, key: key}}}");
    ObjectNode elasticsearch = (ObjectNode) resource.at("/spec/logging/elasticsearch");
    elasticsearch.setAll((ObjectNode) YAML.readTree(fields));
    List<String> violations = admit(resource);
    assertThat(violations).hasSameSizeAs(refused);
    for (int i = 0; i < refused.size(); i++) {
      assertThat(violations.get(i)).startsWith(refused.get(i));
    }
  }

  @Test
  void theNameRulesGuardAMissingSpec() throws IOException {
    ObjectNode resource = sample("minimal.yaml");
    resource.remove("spec");
    assertThat(admit(resource)).isEmpty();
  }

  @Test
  void loggingWithoutEnabledIsOffAsItsRuleGuardsTheMissingField() throws IOException {
    assertThat(admit(with("minimal.yaml", "/spec/logging", "{file: /var/log/x/y.log}"))).isEmpty();
  }

  /**
   * A rule that reads a field the object lacks fails as on the API server: at the rule's node, with
   * cel-go's "no such key" and the rule's message, never passing nor crashing.
   */
  @Test
  void aRuleReadingAMissingFieldFailsAsOnTheApiServer() throws IOException {
    JsonNode schema =
        YAML.readTree(
            """
            type: object
            properties:
              spec:
                type: object
                properties:
                  switch:
                    type: object
                    properties:
                      enabled: {type: boolean}
                      target: {type: string}
                    x-kubernetes-validations:
                    - rule: "!self.enabled || has(self.target)"
                      message: target is required when enabled
                      fieldPath: .target
            """);
    // CEL's || absorbs an error where the other side is true (as cel-go does): only an object
    // without target leaves the missing enabled to decide.
    ObjectNode resource = (ObjectNode) YAML.readTree("spec: {switch: {}}");
    assertThat(CrdAdmission.of(schema).admit(resource))
        .extracting(SpecViolation::toString)
        .containsExactly(
            "spec.switch: no such key: enabled evaluating rule: target is required when enabled");
    ObjectNode on = (ObjectNode) YAML.readTree("spec: {switch: {enabled: true}}");
    assertThat(CrdAdmission.of(schema).admit(on))
        .extracting(SpecViolation::toString)
        .containsExactly("spec.switch.target: target is required when enabled");
  }
}
