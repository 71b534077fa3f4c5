package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The estimated cost of every x-kubernetes-validations rule of a CRD's openAPIV3Schema, as
 * kube-apiserver computes it before it accepts the CRD: the rule's cost ({@link CelCostEstimator})
 * times the most times the rule can run in one object. Ported from kubernetes v1.33.13
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go
 * (getExpressionCost, the limits) and cel_validation.go (CELSchemaContext MaxCardinality,
 * extractMaxElements, TotalCost), and pkg/apiserver/schema/cel/compilation.go (maxCardinality).
 */
public final class CrdCelCost {

  /** validation.go StaticEstimatedCostLimit: the most one rule may cost. */
  public static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000;

  /** validation.go StaticEstimatedCRDCostLimit: the most all rules of a CRD may cost together. */
  public static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;

  /**
   * One rule's estimate.
   *
   * @param path the schema node the rule is declared on, e.g. spec.app.env[*] ([*] for a list's
   *     items or a map's values)
   * @param index the rule's index in that node's x-kubernetes-validations
   * @param rule the rule's text
   * @param maxCost the estimated cost of one evaluation (CompilationResult.MaxCost)
   * @param cardinality the most evaluations in one object
   */
  public record RuleCost(String path, int index, String rule, long maxCost, long cardinality) {

    /** getExpressionCost: what is compared with {@link #STATIC_ESTIMATED_COST_LIMIT}. */
    public long cost() {
      return CelCostEstimator.multiply(maxCost, cardinality);
    }

    @Override
    public String toString() {
      return String.format(
          "%s x-kubernetes-validations[%d]: %,d (%,d per evaluation, at most %,d evaluations)"
              + " `%s`",
          path, index, cost(), maxCost, cardinality, rule);
    }
  }

  private CrdCelCost() {}

  /**
   * Every rule of openApiV3Schema with its estimate.
   *
   * @throws IllegalArgumentException naming the rule where the estimate does not model what it uses
   */
  public static List<RuleCost> of(JsonNode openApiV3Schema) {
    List<RuleCost> costs = new ArrayList<>();
    // RootCELContext: the root runs once.
    collect(openApiV3Schema, true, 1L, "", costs);
    return costs;
  }

  /** TotalCost.ObserveExpressionCost: what is compared with the per-CRD limit. */
  public static long total(List<RuleCost> costs) {
    long total = 0;
    for (RuleCost cost : costs) {
      total = CelCostEstimator.add(total, cost.cost());
    }
    return total;
  }

  /** cardinality: how often the node can occur in one object, null where unbounded. */
  private static void collect(
      JsonNode schema, boolean resourceRoot, Long cardinality, String path, List<RuleCost> costs) {
    JsonNode rules = schema.path("x-kubernetes-validations");
    for (int i = 0; i < rules.size(); i++) {
      costs.add(ruleCost(schema, resourceRoot, cardinality, path, i, rules.get(i)));
    }
    // childContext: a child occurs as often as its parent times the parent's maxItems or
    // maxProperties; one unbounded list or map on the way makes it unbounded.
    Long perParent = maxElements(schema);
    Long childCardinality =
        cardinality == null || perParent == null
            ? null
            : CelCostEstimator.multiply(cardinality, perParent);
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
      collect(property.getValue(), embedded(property.getValue()), childCardinality, child, costs);
    }
    JsonNode items = schema.path("items");
    if (items.isObject()) {
      collect(items, embedded(items), childCardinality, path + "[*]", costs);
    }
    JsonNode values = schema.path("additionalProperties");
    if (values.isObject()) {
      collect(values, embedded(values), childCardinality, path + "[*]", costs);
    }
  }

  private static RuleCost ruleCost(
      JsonNode schema,
      boolean resourceRoot,
      Long cardinality,
      String path,
      int index,
      JsonNode rule) {
    String text = rule.path("rule").asText();
    String node = path.isEmpty() ? "<root>" : path;
    String where = node + " x-kubernetes-validations[" + index + "]";
    if (rule.has("messageExpression") || rule.path("optionalOldSelf").asBoolean()) {
      throw new IllegalArgumentException(
          where + ": messageExpression and optionalOldSelf are not modelled by this estimate");
    }
    CelDeclType self = CelDeclType.of(schema, resourceRoot);
    if (self == null) {
      throw new IllegalArgumentException(where + ": the schema node has no CEL type");
    }
    long maxCost;
    try {
      maxCost = CelCostEstimator.maxCost(text, self);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    // getExpressionCost: under an unbounded list or map, compilation.go maxCardinality assumes
    // the request is full of the smallest values of this node, one comma apart.
    long evaluations =
        cardinality != null
            ? cardinality
            : CelDeclType.MAX_REQUEST_SIZE_BYTES / (self.minSerializedSize() + 1);
    return new RuleCost(node, index, text, maxCost, evaluations);
  }

  /**
   * cel_validation.go extractMaxElements: a list's maxItems, a map's maxProperties, null for either
   * without; 1 for anything else.
   */
  private static Long maxElements(JsonNode schema) {
    String type = schema.path("type").asText();
    if (type.equals("array") || (type.equals("object") && schema.has("additionalProperties"))) {
      JsonNode max = schema.get(type.equals("array") ? "maxItems" : "maxProperties");
      return max == null ? null : Math.max(max.asLong(), 0);
    }
    return 1L;
  }

  private static boolean embedded(JsonNode schema) {
    return schema.path("x-kubernetes-embedded-resource").asBoolean();
  }
}
