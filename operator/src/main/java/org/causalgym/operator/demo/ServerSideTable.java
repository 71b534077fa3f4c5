package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The meta.k8s.io/v1 Table an API server answers when kubectl asks for one ({@code kubectl get}
 * without -o): for a custom resource the columns its CRD declares, evaluated as Kubernetes does
 * (apiextensions-apiserver pkg/registry/customresource/tableconvertor/tableconvertor.go and the
 * response shaping of apiserver pkg/endpoints/handlers/response.go, v1.32.0); for the CRDs
 * themselves NAME and CREATED AT. The other built-in kinds, whose printers live in the API server's
 * code (pkg/printers/internalversion), are answered as stored, and kubectl prints their NAME and
 * AGE itself.
 */
public final class ServerSideTable {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/";

  // metav1.ObjectMeta{}.SwaggerDoc(), the descriptions the table convertor gives its columns.
  private static final String NAME_DESCRIPTION =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  private static final String CREATION_TIMESTAMP_DESCRIPTION =
      "CreationTimestamp is a timestamp representing the server time when this object was created."
          + " It is not guaranteed to be set in happens-before order across separate operations."
          + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
          + "Populated by the system. Read-only. Null for lists. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  /** A request the API server refuses, answered as a Status. */
  public static final class Refused extends RuntimeException {
    private final int code;
    private final String reason;

    Refused(int code, String reason, String message) {
      super(message);
      this.code = code;
      this.reason = reason;
    }

    /** The Status the API server answers with. */
    public MockResponse response() {
      return StatusResponse.failure(code, reason, getMessage());
    }
  }

  /** A column's definition and how a row's cell is read from its object. */
  private record Column(
      String name,
      String type,
      String format,
      String description,
      int priority,
      Function<JsonNode, JsonNode> cell) {}

  private final Function<String, JsonNode> store;
  private final Clock clock;

  /**
   * @param store the object stored at an API path, or null (where the CRDs are read from)
   * @param clock the time a date column's age is counted to
   */
  public ServerSideTable(Function<String, JsonNode> store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Whether an Accept header asks for a meta.k8s.io/v1 Table, as kubectl get does: {@code
   * application/json;as=Table;v=v1;g=meta.k8s.io,...}.
   */
  public static boolean wanted(String accept) {
    if (accept == null) {
      return false;
    }
    for (String clause : accept.split(",")) {
      List<String> parameters = new ArrayList<>();
      for (String part : clause.split(";")) {
        parameters.add(part.trim());
      }
      if (parameters.contains("as=Table")
          && parameters.contains("v=v1")
          && parameters.contains("g=meta.k8s.io")) {
        return true;
      }
    }
    return false;
  }

  /** The answer to a GET that asked for a Table, given the store's answer to it. */
  public MockResponse respond(String path, MockResponse stored) {
    if (stored.code() != 200) {
      return stored;
    }
    JsonNode body = Serialization.unmarshal(stored.getBody().readUtf8(), JsonNode.class);
    try {
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "application/json")
          .setBody(Serialization.asJson(table(path, body, true)));
    } catch (Refused refused) {
      return refused.response();
    }
  }

  /**
   * What the API server sends for a Table request at path (its query's includeObject counted): the
   * Table of a custom resource or a list of them, or the object or list itself where no Table is
   * served. A watch sends each event's object so, the column definitions only in the first.
   *
   * @throws Refused for an includeObject value the API server refuses, or a CRD's column the demo
   *     cannot evaluate
   */
  public JsonNode table(String path, JsonNode objectOrList, boolean includeColumnDefinitions) {
    Optional<List<Column>> columns = columns(path);
    if (columns.isEmpty()) {
      return objectOrList;
    }
    String includeObject = QueryParameter.in(path, "includeObject").orElse("");
    boolean list = objectOrList.path("items").isArray();
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    JsonNode sourceMetadata = objectOrList.path("metadata");
    copyText(sourceMetadata, metadata, "resourceVersion");
    if (list) {
      copyText(sourceMetadata, metadata, "continue");
      if (sourceMetadata.path("remainingItemCount").isIntegralNumber()) {
        metadata.set("remainingItemCount", sourceMetadata.get("remainingItemCount"));
      }
    }
    if (includeColumnDefinitions) {
      ArrayNode definitions = table.putArray("columnDefinitions");
      definitions.add(definition("Name", "string", "name", NAME_DESCRIPTION, 0));
      for (Column column : columns.get()) {
        definitions.add(
            definition(
                column.name(),
                column.type(),
                column.format(),
                column.description(),
                column.priority()));
      }
    } else {
      table.putNull("columnDefinitions");
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> items = new ArrayList<>();
    if (list) {
      objectOrList.get("items").forEach(items::add);
    } else {
      items.add(objectOrList);
    }
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText(""));
      for (Column column : columns.get()) {
        cells.add(column.cell().apply(item));
      }
      JsonNode object = rowObject(includeObject, item, objectOrList);
      if (object != null) {
        row.set("object", object);
      }
    }
    return table;
  }

  /**
   * The printer columns of the custom resource at path, as the CRD stored for it declares them for
   * the version asked (Age alone where it declares none, as the apiextensions-apiserver's
   * serveDefaultColumnsIfEmpty does); empty for a kind no CRD serves.
   */
  private Optional<List<Column>> columns(String path) {
    String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] segments = plain.replaceAll("^/+", "").split("/");
    if (segments.length < 4 || !segments[0].equals("apis")) {
      return Optional.empty();
    }
    String group = segments[1];
    String version = segments[2];
    int resource = 3;
    if (segments[3].equals("namespaces") && segments.length > 5) {
      resource = 5;
    }
    if (group.equals("apiextensions.k8s.io")
        && segments[resource].equals("customresourcedefinitions")) {
      // The CRDs' own storage has no printer: rest.NewDefaultTableConvertor
      // (apiextensions-apiserver
      // pkg/registry/customresourcedefinition/etcd.go, v1.32.0), kubectl get crd's CREATED AT.
      return Optional.of(
          List.of(
              new Column(
                  "Created At",
                  "date",
                  "",
                  CREATION_TIMESTAMP_DESCRIPTION,
                  0,
                  ServerSideTable::createdAt)));
    }
    String crdName = segments[resource] + "." + group;
    JsonNode crd = store.apply(CRDS + crdName);
    if (crd == null || !crd.path("spec").path("group").asText().equals(group)) {
      return Optional.empty();
    }
    JsonNode declared = null;
    for (JsonNode served : crd.path("spec").path("versions")) {
      if (served.path("name").asText().equals(version)) {
        declared = served.path("additionalPrinterColumns");
      }
    }
    List<Column> columns = new ArrayList<>();
    if (declared == null || !declared.isArray() || declared.isEmpty()) {
      columns.add(
          printerColumn(
              "Age",
              "date",
              "",
              CREATION_TIMESTAMP_DESCRIPTION,
              0,
              KubeJsonPath.parse(".metadata.creationTimestamp")));
      return Optional.of(columns);
    }
    for (JsonNode column : declared) {
      String jsonPath = column.path("jsonPath").asText();
      KubeJsonPath parsed;
      try {
        parsed = KubeJsonPath.parse(jsonPath);
      } catch (IllegalArgumentException e) {
        throw new Refused(
            500,
            "InternalError",
            "customresourcedefinition "
                + crdName
                + ": printer column \""
                + column.path("name").asText()
                + "\" (jsonPath "
                + jsonPath
                + "): "
                + e.getMessage());
      }
      String description = column.path("description").asText("");
      columns.add(
          printerColumn(
              column.path("name").asText(),
              column.path("type").asText(),
              column.path("format").asText(""),
              description.isEmpty()
                  ? "Custom resource definition column (in JSONPath format): " + jsonPath
                  : description,
              column.path("priority").asInt(0),
              parsed));
    }
    return Optional.of(columns);
  }

  private static ObjectNode definition(
      String name, String type, String format, String description, int priority) {
    ObjectNode definition = JSON.objectNode();
    definition.put("name", name);
    definition.put("type", type);
    definition.put("format", format);
    definition.put("description", description);
    definition.put("priority", priority);
    return definition;
  }

  private Column printerColumn(
      String name,
      String type,
      String format,
      String description,
      int priority,
      KubeJsonPath path) {
    return new Column(name, type, format, description, priority, item -> cell(type, path, item));
  }

  /**
   * The default table convertor's cell (apiserver pkg/registry/rest/table.go, v1.32.0): the
   * creation timestamp in UTC as Go's time.RFC3339 prints it, the zero time where there is none.
   */
  private static JsonNode createdAt(JsonNode item) {
    String timestamp = item.path("metadata").path("creationTimestamp").asText("");
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(timestamp);
    } catch (DateTimeParseException unset) {
      time = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    }
    return JSON.textNode(
        RFC3339.format(time.atZoneSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)));
  }

  /**
   * A cell as ConvertToTable fills it: the first value the path selects (an evaluation error or
   * nothing selected leaves it null); a string column prints the value as Go's fmt does, the other
   * types keep values of their type only (cellForJSONValue).
   */
  private JsonNode cell(String type, KubeJsonPath path, JsonNode item) {
    List<JsonNode> results;
    try {
      results = path.find(item);
    } catch (KubeJsonPath.EvaluationError e) {
      return JSON.nullNode();
    }
    if (results.isEmpty()) {
      return JSON.nullNode();
    }
    JsonNode value = results.get(0);
    if (type.equals("string")) {
      // PrintResults of reflect.ValueOf(nil) prints the template package's "<no value>".
      return JSON.textNode(value.isNull() ? "<no value>" : KubeJsonPath.GoValues.text(value));
    }
    if (value.isNull()) {
      return JSON.nullNode();
    }
    return switch (type) {
      case "integer" -> value.isNumber() ? JSON.numberNode(value.longValue()) : JSON.nullNode();
      case "number" -> value.isNumber() ? JSON.numberNode(value.doubleValue()) : JSON.nullNode();
      case "boolean" -> value.isBoolean() ? value : JSON.nullNode();
      case "date" -> value.isTextual() ? JSON.textNode(age(value.textValue())) : JSON.nullNode();
      default -> JSON.nullNode();
    };
  }

  /**
   * metav1.Time's UnmarshalQueryParameter, then metatable.ConvertToHumanReadableDateType: the age
   * as duration.HumanDuration prints it (apimachinery pkg/util/duration/duration.go, v1.32.0).
   */
  String age(String timestamp) {
    if (timestamp.isEmpty() || timestamp.equals("null")) {
      return "<unknown>";
    }
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(timestamp);
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
    return humanDuration(Duration.between(time.toInstant(), clock.instant()));
  }

  static String humanDuration(Duration d) {
    long seconds = d.getSeconds() + (d.isNegative() && d.getNano() > 0 ? 1 : 0);
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = seconds / 3600;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = hours / 24 % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /**
   * A row's object as asTable in response.go shapes it: PartialObjectMetadata by default (kubectl
   * reads the namespace of -A and the labels of --show-labels from it), the whole object for
   * includeObject=Object, none for None.
   */
  private static JsonNode rowObject(String includeObject, JsonNode item, JsonNode source) {
    switch (includeObject) {
      case "", "Metadata" -> {
        ObjectNode partial = JSON.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", item.path("metadata").deepCopy());
        return partial;
      }
      case "Object" -> {
        ObjectNode whole = item.deepCopy();
        if (!whole.has("kind") && source.path("kind").asText().endsWith("List")) {
          String kind = source.path("kind").asText();
          whole.put("kind", kind.substring(0, kind.length() - "List".length()));
          whole.set("apiVersion", source.path("apiVersion"));
        }
        return whole;
      }
      case "None" -> {
        return null;
      }
      default ->
          throw new Refused(
              400, "BadRequest", "unrecognized includeObject value: \"" + includeObject + "\"");
    }
  }

  private static void copyText(JsonNode from, ObjectNode to, String field) {
    String value = from.path(field).asText("");
    if (!value.isEmpty()) {
      to.put(field, value);
    }
  }
}
