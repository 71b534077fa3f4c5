package org.causalgym.operator.admission;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.desired.JsonMapping;

/**
 * What a Kubernetes API server does with a write of a CausalGymMonitoring, done from the CRD the
 * build generates from the API classes: nulls pruned, schema defaults applied, unknown fields
 * refused, the OpenAPI schema checked (types without coercion, bounds, patterns, enums, required)
 * and every x-kubernetes-validations CEL rule evaluated. The rules are declared once, on the API
 * classes; this is how render, the demo's API and the operator enforce them where no API server
 * did.
 */
public final class CrdAdmission {

  /** Where the build packages the committed CRD. */
  private static final String CRD_RESOURCE =
      "/crds/" + HasMetadata.getFullResourceName(CausalGymMonitoring.class) + "-v1.yml";

  private static final ObjectMapper CEL_VALUES =
      JsonMapping.mapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private static final CrdAdmission INSTANCE = load();

  private final JsonNode openApiSchema;
  private final Schema schema;
  private final Cel cel;

  /** Compiled CEL programs, by rule text: the same few rules run on every admission. */
  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  private CrdAdmission(JsonNode openApiSchema) {
    this.openApiSchema = openApiSchema;
    // Structural OpenAPI v3 schemas are JSON Schema draft 4 plus x-kubernetes-* extensions.
    // The x-kubernetes-* extensions are the API server's; CEL and list uniqueness are checked
    // below. Each is declared, as the validator warns once per unknown keyword otherwise.
    Dialect kubernetes =
        Dialect.builder(Dialects.getDraft4())
            .keyword(new NonValidationKeyword("x-kubernetes-validations"))
            .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
            .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
            .keyword(new NonValidationKeyword("x-kubernetes-list-type"))
            .keyword(new NonValidationKeyword("x-kubernetes-list-map-keys"))
            .keyword(new NonValidationKeyword("x-kubernetes-map-type"))
            .keyword(new NonValidationKeyword("x-kubernetes-embedded-resource"))
            .build();
    this.schema =
        SchemaRegistry.withDefaultDialect(kubernetes)
            .getSchema(openApiSchema.toString(), InputFormat.JSON);
    this.cel =
        CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
  }

  /** The admission of the CRD packaged with the operator. */
  public static CrdAdmission packaged() {
    return INSTANCE;
  }

  /** The admission of another CRD's openAPIV3Schema, as the API server applies it on create. */
  public static CrdAdmission of(JsonNode openApiSchema) {
    return new CrdAdmission(openApiSchema);
  }

  private static CrdAdmission load() {
    try (InputStream crd = CrdAdmission.class.getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not packaged with the operator");
      }
      return new CrdAdmission(
          new YAMLMapper().readTree(crd).at("/spec/versions/0/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Admits resource as the API server would, changing it in place (nulls pruned, defaults set), and
   * returns every violation by field; empty when the API server would store it.
   */
  public List<SpecViolation> admit(ObjectNode resource) {
    pruneNulls(resource);
    applyDefaults(openApiSchema, resource);
    List<SpecViolation> violations = new ArrayList<>();
    nonFiniteNumbers(resource, "", violations);
    if (!violations.isEmpty()) {
      // The schema validator cannot even compare NaN with a bound.
      return violations;
    }
    unknownFields(openApiSchema, resource, "", violations);
    for (Error error : schema.validate(resource)) {
      violations.add(new SpecViolation(field(error), problem(error)));
    }
    // What stood where a Secret reference belongs is neither kept nor repeated.
    violations.replaceAll(
        v ->
            v.problem().startsWith("string found") && isSecretReference(schemaAt(v.field()))
                ? new SpecViolation(v.field(), SecretKeyRef.NEVER_A_LITERAL)
                : v);
    listTypes(openApiSchema, resource, "", violations);
    celRules(openApiSchema, resource, "", List.copyOf(violations), violations);
    return violations;
  }

  /**
   * The uniqueness of x-kubernetes-list-type set and map lists, reported as the API server does: at
   * the entry that repeats an earlier one (once, however often it repeats), with the entry or its
   * keys as Go prints them (kubernetes v1.32.0
   * staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype/validation.go
   * validateListSet, validateListMap; field.Duplicate, whose text is "Duplicate value: " and the
   * value, %q for a string and %#v for a map: staging/src/k8s.io/apimachinery/pkg/util/validation/
   * field/errors.go ErrorBody).
   */
  private static void listTypes(
      JsonNode schema, JsonNode node, String path, List<SpecViolation> violations) {
    if (node.isArray()) {
      String listType = schema.path("x-kubernetes-list-type").asText("");
      List<String> keys = new ArrayList<>();
      schema.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
      Map<String, Integer> seen = new java.util.HashMap<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode entry = node.get(i);
        String identity =
            switch (listType) {
              case "set" -> entry.isTextual() ? goQuoted(entry.asText()) : entry.toString();
              case "map" -> goMap(entry, keys);
              default -> null;
            };
        if (identity != null && seen.merge(identity, 1, Integer::sum) == 2) {
          violations.add(new SpecViolation(path + "[" + i + "]", "Duplicate value: " + identity));
        }
        listTypes(schema.path("items"), entry, path + "[" + i + "]", violations);
      }
    } else if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                JsonNode child = schema.path("properties").path(field.getKey());
                listTypes(
                    child.isMissingNode() ? schema.path("additionalProperties") : child,
                    field.getValue(),
                    join(path, field.getKey()),
                    violations);
              });
    }
  }

  /** A map list entry's keys as Go's %#v prints a map[string]interface{} of strings. */
  private static String goMap(JsonNode entry, List<String> keys) {
    StringBuilder text = new StringBuilder("map[string]interface {}{");
    keys.stream()
        .sorted()
        .filter(entry::has)
        .forEach(
            k ->
                text.append(text.charAt(text.length() - 1) == '{' ? "" : ", ")
                    .append(goQuoted(k))
                    .append(':')
                    .append(
                        entry.get(k).isTextual()
                            ? goQuoted(entry.get(k).asText())
                            : entry.get(k).toString()));
    return text.append('}').toString();
  }

  /** A string as Go's %q prints it; JSON's quoting is the same for what a key can hold. */
  private static String goQuoted(String text) {
    return CEL_VALUES.getNodeFactory().textNode(text).toString();
  }

  private static void pruneNulls(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          it.remove();
        } else {
          pruneNulls(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(CrdAdmission::pruneNulls);
    }
  }

  /** JSON has no NaN or infinity: what YAML's .nan and .inf become cannot reach an API server. */
  private static void nonFiniteNumbers(JsonNode node, String path, List<SpecViolation> violations) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      violations.add(new SpecViolation(path, "must be a finite number, found " + node.asText()));
    } else if (node.isObject()) {
      node.properties()
          .forEach(f -> nonFiniteNumbers(f.getValue(), join(path, f.getKey()), violations));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        nonFiniteNumbers(node.get(i), path + "[" + i + "]", violations);
      }
    }
  }

  private static void applyDefaults(JsonNode schema, JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      schema
          .path("properties")
          .properties()
          .forEach(
              property -> {
                JsonNode value = object.get(property.getKey());
                if (value == null && property.getValue().has("default")) {
                  object.set(property.getKey(), property.getValue().get("default").deepCopy());
                } else if (value != null) {
                  applyDefaults(property.getValue(), value);
                }
              });
    } else if (node.isArray() && schema.has("items")) {
      node.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  /** Strict field validation, as kubectl asks for by default: a field the schema lacks. */
  private static void unknownFields(
      JsonNode schema, JsonNode node, String path, List<SpecViolation> violations) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (node.isObject() && schema.has("properties")) {
      JsonNode properties = schema.get("properties");
      node.properties()
          .forEach(
              field -> {
                String child = join(path, field.getKey());
                if (path.isEmpty() && field.getKey().equals("metadata")) {
                  // ObjectMeta is the API server's own; a CRD's root schema may only restrict
                  // metadata.name and generateName, never prune or refuse its other fields.
                  return;
                }
                if (properties.has(field.getKey())) {
                  unknownFields(
                      properties.get(field.getKey()), field.getValue(), child, violations);
                } else if (!path.isEmpty()) {
                  violations.add(
                      new SpecViolation(child, "unknown field (see kubectl explain cgm)"));
                }
              });
    } else if (node.isObject() && schema.path("additionalProperties").isObject()) {
      node.properties()
          .forEach(
              field ->
                  unknownFields(
                      schema.get("additionalProperties"),
                      field.getValue(),
                      join(path, field.getKey()),
                      violations));
    } else if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        unknownFields(schema.get("items"), node.get(i), path + "[" + i + "]", violations);
      }
    }
  }

  /**
   * Evaluates the CEL rules of every node, as the API server does, except on nodes whose schema
   * check failed: a rule cannot be evaluated on a value of the wrong type.
   */
  private void celRules(
      JsonNode schema,
      JsonNode node,
      String path,
      List<SpecViolation> schemaViolations,
      List<SpecViolation> violations) {
    boolean typed =
        schemaViolations.stream()
            .map(SpecViolation::field)
            .noneMatch(
                f ->
                    path.isEmpty()
                        ? f.startsWith("metadata")
                        : f.equals(path) || f.startsWith(path + ".") || f.startsWith(path + "["));
    for (JsonNode rule :
        typed ? schema.path("x-kubernetes-validations") : MissingNode.getInstance()) {
      if (rule.path("rule").asText().contains("oldSelf")) {
        // A transition rule: the API server evaluates it on update only, against the stored object.
        continue;
      }
      String field = path + rule.path("fieldPath").asText("");
      String message = rule.path("message").asText(rule.path("rule").asText()).trim();
      try {
        Object result =
            program(rule.path("rule").asText()).eval(Map.of("self", celValue(schema, node)));
        if (!Boolean.TRUE.equals(result)) {
          violations.add(violation(field, message));
        }
      } catch (CelEvaluationException e) {
        // The API server fails the rule at the node, not its fieldPath, with cel-go's error and
        // the message (kubernetes v1.32.0
        // staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go
        // validateExpressions: "%v evaluating rule: %v"); cel-go says "no such key: <key>" where
        // cel-java says "key '<key>' is not present in map".
        violations.add(
            violation(
                path, celGoError(firstLine(e.getMessage())) + " evaluating rule: " + message));
      }
    }
    if (node.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      node.properties()
          .forEach(
              field -> {
                JsonNode child =
                    properties.has(field.getKey()) ? properties.get(field.getKey()) : additional;
                if (child.isObject()) {
                  celRules(
                      child,
                      field.getValue(),
                      join(path, field.getKey()),
                      schemaViolations,
                      violations);
                }
              });
    } else if (node.isArray() && schema.has("items")) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        celRules(
            schema.get("items"), array.get(i), path + "[" + i + "]", schemaViolations, violations);
      }
    }
  }

  /**
   * The value CEL sees of a node: as JSON reads it, except that a whole number where the schema
   * says number is a double, as the API server converts it (kubernetes v1.32.0
   * staging/src/k8s.io/apiserver/pkg/cel/common/values.go UnstructuredToVal: for type number an
   * int64 becomes types.Double), so that {@code self.objective > 0.0} holds for objective: 99.
   */
  private static Object celValue(JsonNode schema, JsonNode node) {
    if (node.isIntegralNumber() && "number".equals(schema.path("type").asText())) {
      return node.doubleValue();
    }
    if (node.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      Map<String, Object> value = new LinkedHashMap<>();
      node.properties()
          .forEach(
              field ->
                  value.put(
                      field.getKey(),
                      celValue(
                          properties.has(field.getKey())
                              ? properties.get(field.getKey())
                              : additional,
                          field.getValue())));
      return value;
    }
    if (node.isArray()) {
      List<Object> value = new ArrayList<>();
      node.forEach(item -> value.add(celValue(schema.path("items"), item)));
      return value;
    }
    return CEL_VALUES.convertValue(node, Object.class);
  }

  /**
   * A rule's violation at its field. Rules on metadata.name sit at the root, where fieldPath cannot
   * point into metadata; their message starts with the field they guard.
   */
  private static SpecViolation violation(String field, String message) {
    String path = field.replaceFirst("^\\.", "");
    if (path.isEmpty() && message.startsWith("metadata.")) {
      int space = message.indexOf(' ');
      return new SpecViolation(message.substring(0, space), message.substring(space + 1));
    }
    return new SpecViolation(path, message);
  }

  private CelRuntime.Program program(String rule) {
    return programs.computeIfAbsent(
        rule,
        r -> {
          try {
            CelAbstractSyntaxTree ast = cel.compile(r).getAst();
            return cel.createProgram(ast);
          } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException(
                "the CRD carries a CEL rule that does not compile: " + r, e);
          }
        });
  }

  private JsonNode schemaAt(String field) {
    JsonNode node = openApiSchema;
    for (String part : field.replaceAll("\\[[0-9]+]", ".[]").split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      node = part.equals("[]") ? node.path("items") : node.path("properties").path(part);
    }
    return node;
  }

  private static boolean isSecretReference(JsonNode schema) {
    JsonNode properties = schema.path("properties");
    return properties.size() == 2 && properties.has("name") && properties.has("key");
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String field(Error error) {
    NodePath location = error.getInstanceLocation();
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(element);
      }
    }
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      path.append(path.length() == 0 ? "" : ".").append(error.getProperty());
    }
    return path.length() == 0 ? "(root)" : path.toString();
  }

  private static String problem(Error error) {
    String message = error.getMessage();
    int colon = message.indexOf(": ");
    String text = colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    if ("required".equals(error.getKeyword())) {
      return "must be set";
    }
    return text;
  }

  private static final java.util.regex.Pattern CEL_JAVA_MISSING_KEY =
      java.util.regex.Pattern.compile(".*key '(.*)' is not present in map.*");

  private static String celGoError(String celJavaError) {
    java.util.regex.Matcher missing = CEL_JAVA_MISSING_KEY.matcher(celJavaError);
    return missing.matches() ? "no such key: " + missing.group(1) : celJavaError;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
