package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CEL type Kubernetes derives from a structural schema node, with the two size figures its cost
 * estimate reads: the most elements (characters, items, properties) a value can have and the fewest
 * bytes it takes in JSON. Ported from kubernetes v1.33.13,
 * staging/src/k8s.io/apiserver/pkg/cel/common/schemas.go SchemaDeclType (k8s.io/apiserver v0.33.13)
 * and pkg/cel/types.go.
 *
 * @param kind what CEL sees
 * @param fields an object's exposed properties, by name
 * @param elem a list's items or a map's values
 * @param key a map's keys
 * @param maxElements DeclType.MaxElements: what the size estimator answers for a value here
 * @param minSerializedSize DeclType.MinSerializedSize
 */
public record CelDeclType(
    Kind kind,
    Map<String, CelDeclType> fields,
    CelDeclType elem,
    CelDeclType key,
    long maxElements,
    long minSerializedSize) {

  /** The CEL kinds a structural schema maps to. */
  public enum Kind {
    OBJECT,
    MAP,
    LIST,
    STRING,
    BYTES,
    BOOL,
    INT,
    DOUBLE,
    DURATION,
    TIMESTAMP,
    /** x-kubernetes-int-or-string, CEL's dyn. */
    DYN
  }

  /**
   * k8s.io/apiserver v0.33.13 pkg/apis/cel/config.go MaxRequestSizeBytes: every size the schema
   * does not bound is derived from a 3 MiB request.
   */
  public static final long MAX_REQUEST_SIZE_BYTES = 3L * 1024 * 1024;

  // k8s.io/apiserver v0.33.13 pkg/cel/limits.go.
  private static final long MAX_DURATION_SIZE_JSON = 32;
  private static final long MAX_DATETIME_SIZE_JSON = 32;
  private static final long MIN_DURATION_SIZE_JSON = 3;
  private static final long JSON_DATE_SIZE = 12;
  private static final long MIN_DATETIME_SIZE_JSON = 21;
  private static final long MIN_STRING_SIZE = 2;
  private static final long MIN_BOOL_SIZE = 4;
  private static final long MIN_NUMBER_SIZE = 1;

  /**
   * pkg/cel/types.go StringType, the key type of every map: its MaxElements is never set, so map
   * keys are estimated at size 0.
   */
  private static final CelDeclType MAP_KEY = scalar(Kind.STRING, 0, MIN_STRING_SIZE);

  /**
   * The type of a schema node, or null where Kubernetes does not expose the node to CEL (no type,
   * or a list or map of unexposed elements). isResourceRoot: the root of a custom resource or of an
   * x-kubernetes-embedded-resource, where apiVersion, kind and metadata.name/generateName are
   * always visible.
   */
  public static CelDeclType of(JsonNode schema, boolean isResourceRoot) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      return scalar(Kind.DYN, MAX_REQUEST_SIZE_BYTES - 2, 1);
    }
    JsonNode s = isResourceRoot ? withTypeAndObjectMeta(schema) : schema;
    return switch (s.path("type").asText()) {
      case "array" -> list(s);
      case "object" -> s.path("additionalProperties").isObject() ? map(s) : object(s);
      case "string" -> string(s);
      case "boolean" -> scalar(Kind.BOOL, 0, MIN_BOOL_SIZE);
      case "number" -> scalar(Kind.DOUBLE, 0, MIN_NUMBER_SIZE);
      case "integer" -> scalar(Kind.INT, 0, MIN_NUMBER_SIZE);
      default -> null;
    };
  }

  private static CelDeclType list(JsonNode s) {
    JsonNode items = s.get("items");
    CelDeclType elem = items == null ? null : of(items, embedded(items));
    if (elem == null) {
      return null;
    }
    long maxItems =
        s.has("maxItems")
            ? zeroIfNegative(s.get("maxItems").asLong())
            // schemas.go estimateMaxArrayItemsFromMinSize: "[" and "]", one comma per item.
            : (MAX_REQUEST_SIZE_BYTES - 2) / (elem.minSerializedSize + 1);
    return new CelDeclType(Kind.LIST, Map.of(), elem, null, maxItems, 2);
  }

  private static CelDeclType map(JsonNode s) {
    JsonNode values = s.get("additionalProperties");
    CelDeclType elem = of(values, embedded(values));
    if (elem == null) {
      return null;
    }
    long maxProperties =
        s.has("maxProperties")
            ? zeroIfNegative(s.get("maxProperties").asLong())
            // schemas.go estimateMaxAdditionalPropertiesFromMinSize: a key of at least "" plus
            // colon and comma, within "{" and "}".
            : (MAX_REQUEST_SIZE_BYTES - 2) / (elem.minSerializedSize + 6);
    return new CelDeclType(Kind.MAP, Map.of(), elem, MAP_KEY, maxProperties, 2);
  }

  private static CelDeclType object(JsonNode s) {
    Set<String> required = new HashSet<>();
    s.path("required").forEach(name -> required.add(name.asText()));
    Map<String, CelDeclType> fields = new LinkedHashMap<>();
    // An object is at least "{}" plus every required property that has no default, which the
    // API server would fill in.
    long minSerializedSize = 2;
    for (Map.Entry<String, JsonNode> property : s.path("properties").properties()) {
      CelDeclType field = of(property.getValue(), embedded(property.getValue()));
      if (field == null) {
        continue;
      }
      fields.put(property.getKey(), field);
      if (required.contains(property.getKey()) && !property.getValue().has("default")) {
        minSerializedSize += property.getKey().length() + field.minSerializedSize + 4;
      }
    }
    return new CelDeclType(Kind.OBJECT, fields, null, null, 0, minSerializedSize);
  }

  private static CelDeclType string(JsonNode s) {
    // schemas.go: these formats become CEL bytes, duration and timestamp; for the last two
    // estimateMaxStringLengthPerRequest ignores maxLength.
    switch (s.path("format").asText()) {
      case "byte":
        return scalar(Kind.BYTES, maxLengthOrRequest(s, 1), MIN_STRING_SIZE);
      case "duration":
        return scalar(Kind.DURATION, MAX_DURATION_SIZE_JSON, MIN_DURATION_SIZE_JSON);
      case "date":
        return scalar(Kind.TIMESTAMP, JSON_DATE_SIZE, JSON_DATE_SIZE);
      case "date-time":
        return scalar(Kind.TIMESTAMP, MAX_DATETIME_SIZE_JSON, MIN_DATETIME_SIZE_JSON);
      default:
        break;
    }
    if (!s.has("maxLength") && s.has("enum")) {
      // schemas.go estimateMaxStringEnumLength: the longest value, in bytes.
      long longest = 0;
      for (JsonNode value : s.get("enum")) {
        longest = Math.max(longest, value.asText().getBytes(StandardCharsets.UTF_8).length);
      }
      return scalar(Kind.STRING, longest, MIN_STRING_SIZE);
    }
    // maxLength counts code points, the estimate bytes: up to 4 per code point.
    return scalar(Kind.STRING, maxLengthOrRequest(s, 4), MIN_STRING_SIZE);
  }

  private static long maxLengthOrRequest(JsonNode s, long bytesPerCharacter) {
    return s.has("maxLength")
        ? zeroIfNegative(s.get("maxLength").asLong()) * bytesPerCharacter
        // Less the two quotes.
        : MAX_REQUEST_SIZE_BYTES - 2;
  }

  /**
   * schemas.go WithTypeAndObjectMeta: unless the schema declares all four as strings, kind and
   * apiVersion become unbounded strings and metadata an object of just name and generateName,
   * unbounded too (what the schema says of metadata is then not seen).
   */
  private static JsonNode withTypeAndObjectMeta(JsonNode s) {
    JsonNode properties = s.path("properties");
    JsonNode metadata = properties.path("metadata");
    if (isType(properties.path("kind"), "string")
        && isType(properties.path("apiVersion"), "string")
        && isType(metadata, "object")
        && isType(metadata.path("properties").path("name"), "string")
        && isType(metadata.path("properties").path("generateName"), "string")) {
      return s;
    }
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode result = ((ObjectNode) s).deepCopy();
    ObjectNode props = result.putObject("properties");
    if (properties.isObject()) {
      props.setAll((ObjectNode) properties);
    }
    props.putObject("kind").put("type", "string");
    props.putObject("apiVersion").put("type", "string");
    ObjectNode meta = props.putObject("metadata").put("type", "object");
    ObjectNode metaProps = meta.putObject("properties");
    metaProps.set("name", json.objectNode().put("type", "string"));
    metaProps.set("generateName", json.objectNode().put("type", "string"));
    return result;
  }

  private static boolean isType(JsonNode schema, String type) {
    return type.equals(schema.path("type").asText());
  }

  private static boolean embedded(JsonNode schema) {
    return schema.path("x-kubernetes-embedded-resource").asBoolean();
  }

  private static CelDeclType scalar(Kind kind, long maxElements, long minSerializedSize) {
    return new CelDeclType(kind, Map.of(), null, null, maxElements, minSerializedSize);
  }

  private static long zeroIfNegative(long v) {
    return Math.max(v, 0);
  }
}
