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
import org.causalgym.operator.model.CrdAdmission;
import org.causalgym.operator.model.SpecViolation;
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
        Arguments.of("/spec/app/replicas", "2.5", "spec.app.replicas"),
        Arguments.of("/spec/app/replicas", "99999999999", "spec.app.replicas"),
        Arguments.of("/spec/app/metricsPort", "70000", "spec.app.metricsPort"),
        Arguments.of("/spec/app/replicas", "-1", "spec.app.replicas"),
        Arguments.of("/spec/app/image", "\"\"", "spec.app.image"),
        Arguments.of("/spec/app/logLevel", "\"TRACE\"", "spec.app.logLevel"),
        Arguments.of("/spec/app/metricsPath", "\"metrics\"", "spec.app.metricsPath"),
        Arguments.of("/spec/app/unknown", "1", "spec.app.unknown: unknown field"),
        Arguments.of("/spec/metrics/prefix", "\"9gym\"", "spec.metrics.prefix"),
        Arguments.of("/spec/metrics/scrapeInterval", "\"10\"", "spec.metrics.scrapeInterval"),
        Arguments.of("/spec/metrics/scrapeTimeout", "\"1d\"", "spec.metrics.scrapeTimeout"),
        Arguments.of(
            "/spec/alerts/highErrorRate/threshold", "-1", "spec.alerts.highErrorRate.threshold"),
        Arguments.of(
            "/spec/alerts/highErrorRate/for", "\"5 minutes\"", "spec.alerts.highErrorRate.for"),
        Arguments.of(
            "/spec/alerts/highMemoryUsage/thresholdPercent",
            "101",
            "spec.alerts.highMemoryUsage.thresholdPercent"),
        Arguments.of(
            "/spec/alerts/serviceDown/severity", "\"\"", "spec.alerts.serviceDown.severity"),
        Arguments.of(
            "/spec/alerts/additional/0/name",
            "\"Slow Responses\"",
            "spec.alerts.additional[0].name"),
        Arguments.of("/spec/dashboards/folder", "\" \"", "spec.dashboards.folder"),
        Arguments.of(
            "/spec/dashboards/labels",
            "{app.kubernetes.io/managed-by: me}",
            "spec.dashboards.labels"),
        Arguments.of("/metadata/name", "\"Gym\"", "metadata.name"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("rejected")
  void theCrdRejectsBadValuesNamingTheField(String pointer, String value, String field)
      throws IOException {
    assertThat(admit(with("full.yaml", pointer, value))).anyMatch(v -> v.startsWith(field));
  }

  @Test
  void theCrdRequiresTheImage() throws IOException {
    ObjectNode resource = sample("minimal.yaml");
    ((ObjectNode) resource.at("/spec/app")).remove("image");
    assertThat(admit(resource)).containsExactly("spec.app.image: must be set");
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
            "/spec/app/env",
            "/spec/metrics",
            "/spec/prometheus/selectorLabels",
            "/spec/alerts/additional",
            "/spec/alertmanager/receivers",
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
}
