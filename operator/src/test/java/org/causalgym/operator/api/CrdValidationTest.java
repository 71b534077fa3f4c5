package org.causalgym.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the API server does with the committed CRD at kubectl apply time, done here: the mock API
 * server enforces neither its OpenAPI schema nor its CEL rules.
 */
class CrdValidationTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static JsonNode openApiSchema;
  private static Schema schema;

  /** One x-kubernetes-validations rule and the path of the object it guards. */
  record CelRule(String path, String rule, String message) {}

  @BeforeAll
  static void loadCrd() throws IOException {
    try (Stream<Path> files = Files.list(Repository.root().resolve("crds"))) {
      Path crd =
          files
              .filter(p -> p.toString().contains("causalgymmonitorings"))
              .findFirst()
              .orElseThrow();
      openApiSchema = YAML.readTree(crd.toFile()).at("/spec/versions/0/schema/openAPIV3Schema");
    }
    // Structural OpenAPI v3 schemas are JSON Schema draft 4 plus x-kubernetes-* extensions.
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(openApiSchema.toString(), InputFormat.JSON);
  }

  private static ObjectNode sample(String file) throws IOException {
    return (ObjectNode) YAML.readTree(Repository.samples().resolve(file).toFile());
  }

  private static List<Error> validate(JsonNode resource) {
    return schema.validate(resource.toString(), InputFormat.JSON);
  }

  static Stream<Path> samples() {
    return Repository.sampleFiles().stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleIsAcceptedByTheSchema(Path sample) throws IOException {
    assertThat(validate(YAML.readTree(sample.toFile()))).isEmpty();
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("/spec/app/port", "0"),
        Arguments.of("/spec/app/metricsPort", "70000"),
        Arguments.of("/spec/app/replicas", "-1"),
        Arguments.of("/spec/app/image", "\"\""),
        Arguments.of("/spec/app/logLevel", "\"TRACE\""),
        Arguments.of("/spec/app/metricsPath", "\"metrics\""),
        Arguments.of("/spec/metrics/prefix", "\"9gym\""),
        Arguments.of("/spec/metrics/scrapeInterval", "\"10\""),
        Arguments.of("/spec/metrics/scrapeTimeout", "\"1d\""),
        Arguments.of(
            "/spec/alerts/highErrorRate/threshold", "-1", "$.spec.alerts.highErrorRate.threshold"),
        Arguments.of(
            "/spec/alerts/highErrorRate/for", "\"5 minutes\"", "$.spec.alerts.highErrorRate.for"),
        Arguments.of(
            "/spec/alerts/highMemoryUsage/thresholdPercent",
            "101",
            "$.spec.alerts.highMemoryUsage.thresholdPercent"),
        Arguments.of(
            "/spec/alerts/serviceDown/severity", "\"page\"", "$.spec.alerts.serviceDown.severity"),
        Arguments.of(
            "/spec/alerts/additional/0/name",
            "\"Slow Responses\"",
            "$.spec.alerts.additional[0].name"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("rejected")
  void theSchemaRejectsOutOfBoundValuesNamingTheField(String pointer, String value)
      throws IOException {
    ObjectNode resource = sample("full.yaml");
    ObjectNode parent = (ObjectNode) resource.at(pointer.substring(0, pointer.lastIndexOf('/')));
    String field = pointer.substring(pointer.lastIndexOf('/') + 1);
    parent.set(field, YAML.readTree(value));

    assertThat(validate(resource))
        .extracting(e -> e.getInstanceLocation().toString())
        .contains(pointer);
  }

  @Test
  void theSchemaRequiresTheImage() throws IOException {
    ObjectNode resource = sample("minimal.yaml");
    ((ObjectNode) resource.at("/spec/app")).remove("image");
    assertThat(validate(resource)).extracting(Error::getMessage).anyMatch(m -> m.contains("image"));
  }

  private static List<CelRule> celRules(JsonNode node, String path) {
    List<CelRule> rules = new ArrayList<>();
    node.path("x-kubernetes-validations")
        .forEach(
            r -> rules.add(new CelRule(path, r.path("rule").asText(), r.path("message").asText())));
    node.path("properties")
        .properties()
        .forEach(p -> rules.addAll(celRules(p.getValue(), path + "/" + p.getKey())));
    if (node.has("items")) {
      rules.addAll(celRules(node.get("items"), path + "/0"));
    }
    return rules;
  }

  /** Evaluates every rule of the CRD on the resource the way the API server does. */
  private static List<String> celViolations(JsonNode resource) throws Exception {
    Cel cel =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    List<String> violations = new ArrayList<>();
    for (CelRule rule : celRules(openApiSchema, "")) {
      JsonNode self = resource.at(rule.path());
      if (self.isMissingNode()) {
        continue;
      }
      Object value =
          YAML.copy()
              .enable(DeserializationFeature.USE_LONG_FOR_INTS)
              .convertValue(self, Object.class);
      Object result =
          cel.createProgram(cel.compile(rule.rule()).getAst()).eval(Map.of("self", value));
      if (!Boolean.TRUE.equals(result)) {
        violations.add(rule.path() + ": " + rule.message());
      }
    }
    return violations;
  }

  @Test
  void theCrdCarriesTheCelRulesTheSchemaCannotExpress() {
    assertThat(celRules(openApiSchema, ""))
        .extracting(CelRule::path)
        .containsExactlyInAnyOrder(
            "/spec/app",
            "/spec/metrics",
            "/spec/metrics",
            "/spec/alertmanager/receivers/0",
            "/spec/alertmanager/receivers/0/webhook");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySamplePassesTheCelRules(Path sample) throws Exception {
    assertThat(celViolations(YAML.readTree(sample.toFile()))).isEmpty();
  }

  static Stream<Arguments> celCases() {
    return Stream.of(
        Arguments.of(
            "{scrapeInterval: 10s, scrapeTimeout: 30s}",
            "/spec/metrics: scrapeTimeout must not exceed scrapeInterval"),
        Arguments.of(
            "{scrapeInterval: 1m30s, scrapeTimeout: 2m}",
            "/spec/metrics: scrapeTimeout must not exceed scrapeInterval"),
        Arguments.of(
            "{scrapeInterval: 0s, scrapeTimeout: 0s}",
            "/spec/metrics: scrapeInterval must be longer than 0s"),
        Arguments.of("{scrapeInterval: 1m30s, scrapeTimeout: 90s}", null),
        Arguments.of("{scrapeInterval: 2s}", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("celCases")
  void theScrapeTimeoutRule(String metrics, String expected) throws Exception {
    ObjectNode resource = sample("minimal.yaml");
    ((ObjectNode) resource.get("spec")).set("metrics", YAML.readTree(metrics));
    List<String> violations = celViolations(resource);
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
    assertThat(celViolations(resource))
        .containsExactly("/spec/app: port and metricsPort must differ");
  }
}
