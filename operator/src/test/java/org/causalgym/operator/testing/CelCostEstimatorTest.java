package org.causalgym.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.causalgym.operator.testing.CrdCelCost.RuleCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cost estimate reproduces the figures and verdicts Kubernetes' own tests state for it, with
 * their schemas and expressions copied from kubernetes v1.33.13.
 */
class CelCostEstimatorTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * Cases of kubernetes v1.33.13
   * staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/compilation_test.go
   * TestCostEstimation: each schema (its generator there) once without bounds ("calc maxLength")
   * and once with every ${max} line set ("set maxLength"); the figures are its expectedCalcCost and
   * expectedSetCost.
   */
  static Stream<Arguments> upstreamCostEstimation() {
    String string = "type: string\nmaxLength: ${max}";
    String stringArray = "type: array\nmaxItems: ${max}\nitems:\n  type: string";
    // genObjectArrayWithRule
    String objectArray =
        """
        type: array
        maxItems: ${max}
        items:
          type: object
          required: [required]
          properties:
            required: {type: string}
            optional: {type: string}
        """;
    // genNestedSpecWithRule
    String stringMap =
        """
        type: object
        maxProperties: ${max}
        additionalProperties:
          type: string
          maxLength: ${max}
        """;
    // genAllMaxNestedSpecWithRootRule
    String listOfMapsOfObjects =
        """
        type: array
        maxItems: ${max}
        items:
          type: object
          maxProperties: ${max}
          additionalProperties:
            type: object
            required: [required]
            maxProperties: ${max}
            properties:
              required: {type: string}
              optional: {type: string}
        """;
    // genOneMaxNestedSpecWithRootRule
    String unboundedListOfMapsOfObjects =
        """
        type: array
        items:
          type: object
          maxProperties: ${max}
          additionalProperties:
            type: object
            required: [required]
            properties:
              required: {type: string}
              optional: {type: string}
        """;
    // getMapArrayWithRule("number", ...)
    String listOfNumberMaps =
        """
        type: array
        maxItems: ${max}
        items:
          type: object
          additionalProperties: {type: number}
        """;
    String durationMap =
        """
        type: object
        maxProperties: ${max}
        additionalProperties: {type: string, format: duration}
        """;
    String enumeration = "type: string\nmaxLength: ${max}\nenum: [A, B, C, LongValue]";
    return Stream.of(
        Arguments.of("regex matches simple", string, "self.matches(\"x\")", 50, 314574, 22),
        Arguments.of(
            "regex matches empty string",
            string,
            "\"\".matches(\"(((((((((())))))))))[0-9]\")",
            10,
            7,
            7),
        Arguments.of("regex matches empty regex", string, "self.matches(\"\")", 100, 1, 1),
        Arguments.of("string with contains", string, "self.contains('test')", 10, 314574, 5),
        Arguments.of(
            "concat string", string, "size(self + \"hello\") > size(\"hello\")", 4, 314578, 7),
        Arguments.of("set string maxLength to zero", string, "self == \"x\"", 0, 2, 1),
        Arguments.of("string array with all", stringArray, "self.all(x, true)", 20, 3145727, 62),
        Arguments.of(
            "index of array with strings", stringArray, "self[1] == self[1]", 8, 314577, 314577),
        Arguments.of(
            "array of objects with all", objectArray, "self.all(x, true)", 50, 555128, 152),
        Arguments.of(
            "map of strings with value length",
            stringMap,
            "self.all(x, x.contains(self[x]))",
            10,
            2752507,
            72),
        Arguments.of(
            "nested types with root rule with all supporting maxLength",
            listOfMapsOfObjects,
            "self.all(x, x[\"y\"].required == \"z\")",
            10,
            7340027,
            72),
        Arguments.of(
            "nested types with root rule with one supporting maxLength",
            unboundedListOfMapsOfObjects,
            "self.all(x, x[\"y\"].required == \"z\")",
            10,
            7340027,
            7340027),
        Arguments.of(
            "array of number maps with all",
            listOfNumberMaps,
            "self.all(x, x.y == 25.2)",
            12,
            6291452,
            74),
        Arguments.of(
            "check cost of duration comparison",
            durationMap,
            "self[\"c\"] == self[\"d\"]",
            42,
            8,
            8),
        Arguments.of(
            "enums with maxLength equals to the longest possible value",
            enumeration,
            "self.contains('A')",
            1000,
            2,
            401));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamCostEstimation")
  void reproducesKubernetesCostEstimationTest(
      String name, String schema, String rule, long max, long expectedCalc, long expectedSet)
      throws IOException {
    assertThat(CelCostEstimator.maxCost(rule, type(unbounded(schema))))
        .as("calc maxLength")
        .isEqualTo(expectedCalc);
    assertThat(CelCostEstimator.maxCost(rule, type(bounded(schema, max))))
        .as("set maxLength")
        .isEqualTo(expectedSet);
  }

  /**
   * TestCostEstimation "O(n^2) loop with numbers": above compilation_test.go's costLimit
   * (100000000) without maxItems, 352 with 10.
   */
  @Test
  void reproducesKubernetesQuadraticLoop() throws IOException {
    String numbers = "type: array\nmaxItems: ${max}\nitems:\n  type: number";
    String rule = "self.all(x, self.all(y, true))";
    assertThat(CelCostEstimator.maxCost(rule, type(unbounded(numbers))))
        .isGreaterThanOrEqualTo(100_000_000);
    assertThat(CelCostEstimator.maxCost(rule, type(bounded(numbers, 10)))).isEqualTo(352);
  }

  /**
   * kubernetes v1.33.13 staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/
   * validation/validation_test.go TestValidateCustomResourceDefinitionValidation, "forbid
   * validation rules where cost total exceeds total limit": the list items' rule exceeds the
   * per-rule limit, the map values' rule does not, and together they exceed the per-CRD limit.
   */
  @Test
  void reproducesKubernetesVerdictOnTheTotalLimit() throws IOException {
    List<RuleCost> costs =
        CrdCelCost.of(
            YAML.readTree(
                """
                type: object
                properties:
                  list:
                    type: array
                    maxItems: 100000
                    items:
                      type: string
                      maxLength: 5000
                      x-kubernetes-validations: [{rule: "self.contains('keyword')"}]
                  map:
                    type: object
                    maxProperties: 1000
                    additionalProperties:
                      type: string
                      maxLength: 5000
                      x-kubernetes-validations: [{rule: "self.contains('keyword')"}]
                  field:
                    type: integer
                    x-kubernetes-validations: [{rule: "self > 50 && self < 100"}]
                """));

    assertThat(overTheRuleLimit(costs)).containsExactly("list[*]");
    assertThat(costs)
        .filteredOn(c -> c.path().equals("map[*]"))
        .singleElement()
        // ObserveExpressionCost lists rules of at least 1% of the CRD limit as contributing.
        .matches(c -> c.cost() >= CrdCelCost.STATIC_ESTIMATED_CRD_COST_LIMIT / 100);
    assertThat(CrdCelCost.total(costs)).isGreaterThan(CrdCelCost.STATIC_ESTIMATED_CRD_COST_LIMIT);
  }

  /**
   * validation_test.go TestValidateCustomResourceDefinitionValidation, the "double-nested rule"
   * cases and "check for cardinality of 1 under root object": which schemas Kubernetes forbids for
   * cost.
   */
  static Stream<Arguments> upstreamDoubleNestedRules() {
    String template =
        """
        type: object
        properties:
          value:
            type: array
            %s
            x-kubernetes-validations: [{rule: "self.all(x, x.all(y, x[y].key == x[y].key))"}]
            items:
              type: object
              %s
              additionalProperties:
                type: object
                required: [key]
                properties:
                  key: %s
        """;
    return Stream.of(
        Arguments.of(
            "forbid double-nested rule with no limit set",
            template.formatted("", "", "{type: string}"),
            true),
        Arguments.of(
            "forbid double-nested rule with one limit set",
            template.formatted("", "", "{type: string, maxLength: 10}"),
            true),
        Arguments.of(
            "allow double-nested rule with three limits set",
            template.formatted(
                "maxItems: 10", "maxProperties: 10", "{type: string, maxLength: 10}"),
            false),
        Arguments.of(
            "allow double-nested rule with one limit set on outermost array",
            template.formatted("maxItems: 4", "", "{type: number}"),
            false),
        Arguments.of(
            "check for cardinality of 1 under root object",
            """
            type: object
            properties:
              value:
                type: integer
                x-kubernetes-validations: [{rule: "self < 1024"}]
            """,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamDoubleNestedRules")
  void reproducesKubernetesVerdictOnTheRuleLimit(String name, String schema, boolean forbidden)
      throws IOException {
    List<RuleCost> costs = CrdCelCost.of(YAML.readTree(schema));
    assertThat(overTheRuleLimit(costs)).hasSize(forbidden ? 1 : 0);
    assertThat(CrdCelCost.total(costs) > CrdCelCost.STATIC_ESTIMATED_CRD_COST_LIMIT)
        .isEqualTo(forbidden);
  }

  /**
   * validation_test.go TestCostInfo: the most occurrences of a node under bounded and unbounded
   * lists and maps (a rule on the leaf reads them as its cardinality).
   */
  @Test
  void reproducesKubernetesCardinalities() throws IOException {
    String leaf = "{type: string, x-kubernetes-validations: [{rule: \"self == 'x'\"}]}";
    // "map inside object inside array": 2 items, 4 properties.
    assertThat(
            cardinalityOfTheLeaf(
                """
                type: object
                properties:
                  a:
                    type: array
                    maxItems: 2
                    items:
                      type: object
                      properties:
                        m: {type: object, maxProperties: 4, additionalProperties: %s}
                """
                    .formatted(leaf)))
        .isEqualTo(8);
    // "unbounded array inside bounded map": compilation.go maxCardinality of a string
    // (MinSerializedSize 2) fills the 3 MiB request.
    assertThat(
            cardinalityOfTheLeaf(
                """
                type: object
                properties:
                  m:
                    type: object
                    maxProperties: 5
                    additionalProperties: {type: array, items: %s}
                """
                    .formatted(leaf)))
        .isEqualTo(3L * 1024 * 1024 / 3);
  }

  /**
   * google/cel-go v0.23.2 checker/cost_test.go TestCost "select: non-proto field test no has()
   * cost": has() on a map of maps with PresenceTestHasCost(false), as Kubernetes configures it,
   * costs only its operand, 2; and "matches": a string of size 500 (maxLength 125, 4 bytes each)
   * against '\\d+a\\d+b' costs 103.
   */
  @Test
  void reproducesCelGoCostTest() throws IOException {
    CelDeclType mapOfMaps =
        type(
            """
            type: object
            additionalProperties:
              type: object
              additionalProperties: {type: string}
            """);
    assertThat(CelCostEstimator.maxCost("has(self.testAttr.nestedAttr)", mapOfMaps)).isEqualTo(2);
    CelDeclType string500 = type("type: string\nmaxLength: 125");
    assertThat(CelCostEstimator.maxCost("self.matches('\\\\d+a\\\\d+b')", string500))
        .isEqualTo(103);
  }

  /**
   * No Kubernetes test states a figure for exists(); by cel-go v0.23.2 parser/macro.go it differs
   * from all() only by the negation in its loop condition, one more unit per element.
   */
  @Test
  void existsCostsOneMorePerElementThanAll() throws IOException {
    CelDeclType strings = type("type: array\nmaxItems: 7\nitems: {type: string, maxLength: 9}");
    long all = CelCostEstimator.maxCost("self.all(s, s.matches('^a+$'))", strings);
    long exists = CelCostEstimator.maxCost("self.exists(s, s.matches('^a+$'))", strings);
    assertThat(exists - all).isEqualTo(7);
  }

  @Test
  void refusesWhatItDoesNotModelNamingTheRuleAndTheConstruct() {
    String schema =
        """
        type: object
        properties:
          names:
            type: array
            maxItems: 3
            items: {type: string, maxLength: 5}
            x-kubernetes-validations: [{rule: "self.map(n, n.lowerAscii()) == self"}]
        """;
    assertThatThrownBy(() -> CrdCelCost.of(YAML.readTree(schema)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names x-kubernetes-validations[0]")
        .hasMessageContaining("map, filter");
    assertThatThrownBy(
            () -> CelCostEstimator.maxCost("self.lowerAscii() == 'a'", type("type: string")))
        .hasMessageContaining("lowerAscii on a STRING");
  }

  private static long cardinalityOfTheLeaf(String schema) throws IOException {
    return CrdCelCost.of(YAML.readTree(schema)).get(0).cardinality();
  }

  private static List<String> overTheRuleLimit(List<RuleCost> costs) {
    return costs.stream()
        .filter(c -> c.cost() > CrdCelCost.STATIC_ESTIMATED_COST_LIMIT)
        .map(RuleCost::path)
        .toList();
  }

  private static JsonNode bounded(String schema, long max) throws IOException {
    return YAML.readTree(schema.replace("${max}", Long.toString(max)));
  }

  /** The schema without its ${max} bounds. */
  private static JsonNode unbounded(String schema) throws IOException {
    return YAML.readTree(
        schema.lines().filter(l -> !l.contains("${max}")).collect(Collectors.joining("\n")));
  }

  private static CelDeclType type(String schema) throws IOException {
    return type(YAML.readTree(schema));
  }

  private static CelDeclType type(JsonNode schema) {
    // TestCostEstimation's schemaChecker: SchemaDeclType(schema, false).
    return CelDeclType.of(schema, false);
  }
}
