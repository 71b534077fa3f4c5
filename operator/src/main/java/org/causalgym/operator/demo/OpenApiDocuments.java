package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The OpenAPI v3 documents a Kubernetes API server serves, built from the CRDs in the store and the
 * discovery of the built-in groups, and the fieldValidation they promise ({@link FieldValidation}):
 * what {@code kubectl explain} reads, and what {@code kubectl apply} reads to leave validation to
 * the server.
 *
 * <p>kubectl v1.32 asks /openapi/v3 for the list of group-versions and fetches a group-version's
 * document from the serverRelativeURL listed there (k8s.io/client-go/openapi/client.go at v1.32.4).
 * Before a write, apply checks whether the PATCH operation of the object's kind in its
 * group-version's document lists the fieldValidation parameter; if so it sends
 * ?fieldValidation=Strict and validates nothing itself, else it validates with the OpenAPI v2
 * document, which this API does not serve (k8s.io/cli-runtime/pkg/resource/
 * query_param_verifier_v3.go, k8s.io/kubectl/pkg/cmd/util/factory_client_access.go Validator(), at
 * v1.32.4). So every group-version kubectl writes to is listed: a CRD's with the document the
 * apiextensions-apiserver builds, a built-in one with operations only.
 */
public final class OpenApiDocuments {

  static final String ROOT = "/openapi/v3";

  private static final String SCHEMAS = "#/components/schemas/";
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  private static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
  private static final String CONVENTIONS =
      "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The resources of each group-version in discovery, by its path ("api/v1", "apis/apps/v1"). */
  private final Map<String, List<Map<String, Object>>> discovered = new ConcurrentHashMap<>();

  /**
   * Lists a group-version of the discovery documents; its document is built from its CRDs where any
   * are stored, else from these resources.
   */
  public void discovered(String group, String version, List<Map<String, Object>> resources) {
    discovered.put(pathOf(group, version), List.copyOf(resources));
  }

  /**
   * The answer to an OpenAPI request, or to a custom resource write carrying fieldValidation; every
   * other request goes on to next.
   */
  public MockResponse dispatch(
      RecordedRequest request,
      Function<String, MockResponse> store,
      Function<RecordedRequest, MockResponse> next) {
    String path = request.getPath();
    if (path.equals(ROOT) || path.startsWith(ROOT + "?") || path.startsWith(ROOT + "/")) {
      return answer(path, store);
    }
    return FieldValidation.of(request)
        .map(validation -> validation.apply(request, StoredCrds.in(store), store, next))
        .orElseGet(() -> next.apply(request));
  }

  private MockResponse answer(String path, Function<String, MockResponse> store) {
    String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Map<String, ObjectNode> documents = documents(StoredCrds.in(store));
    if (plain.equals(ROOT) || plain.equals(ROOT + "/")) {
      return json(200, root(documents));
    }
    ObjectNode document = documents.get(plain.substring(ROOT.length() + 1));
    if (document == null) {
      return json(404, NODES.objectNode().put("kind", "Status").put("code", 404));
    }
    return json(200, document);
  }

  /**
   * The discovery document: each group-version with the URL of its document, whose hash changes
   * with it so that kubectl's cache never serves an old one
   * (k8s.io/kube-openapi/pkg/handler3/handler.go at v0.0.0-20241105132330, OpenAPIV3Discovery).
   */
  static ObjectNode root(Map<String, ObjectNode> documents) {
    ObjectNode paths = NODES.objectNode();
    documents.forEach(
        (path, document) ->
            paths
                .putObject(path)
                .put("serverRelativeURL", ROOT + "/" + path + "?hash=" + hash(document)));
    ObjectNode root = NODES.objectNode();
    root.set("paths", paths);
    return root;
  }

  /** Every document, by group-version path: the stored CRDs' first, then the built-in ones. */
  Map<String, ObjectNode> documents(StoredCrds crds) {
    Map<String, List<JsonNode>> byGroupVersion = new LinkedHashMap<>();
    for (JsonNode crd : crds.items()) {
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("served").asBoolean(false)) {
          byGroupVersion
              .computeIfAbsent(
                  pathOf(crd.path("spec").path("group").asText(), version.path("name").asText()),
                  gv -> new ArrayList<>())
              .add(crd);
        }
      }
    }
    Map<String, ObjectNode> documents = new LinkedHashMap<>();
    byGroupVersion.forEach(
        (path, served) ->
            documents.put(path, crdDocument(served, path.substring(path.lastIndexOf('/') + 1))));
    discovered.forEach(
        (path, resources) -> documents.putIfAbsent(path, builtInDocument(path, resources)));
    return documents;
  }

  /**
   * A CRD group-version's document as the apiextensions-apiserver builds it: the routes of
   * generateBuilder() and the schemas of buildKubeNative(), named by the reversed group
   * (staging/src/k8s.io/apiextensions-apiserver/pkg/controller/openapi/builder/builder.go at
   * v1.32.4; the CRDs of one group-version merged into one document as
   * pkg/controller/openapiv3/controller.go does).
   */
  static ObjectNode crdDocument(List<JsonNode> crds, String version) {
    ObjectNode paths = NODES.objectNode();
    ObjectNode schemas = NODES.objectNode();
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asText();
      String kind = spec.path("names").path("kind").asText();
      String listKind = spec.path("names").path("listKind").asText(kind + "List");
      String plural = spec.path("names").path("plural").asText();
      boolean namespaced = spec.path("scope").asText().equals("Namespaced");
      String name = definitionName(group, version, kind);
      String listName = definitionName(group, version, listKind);
      Resource resource =
          new Resource("/apis/" + group + "/" + version, plural, group, version, kind, namespaced);
      resource.addPaths(paths, name, listName, subresources(crd, version));
      JsonNode schema = StoredCrds.schema(crd, version);
      schemas.set(name, kindSchema(schema, group, version, kind));
      schemas.set(listName, listSchema(group, version, listKind, plural, name));
    }
    schemas.set(OBJECT_META, objectMeta());
    schemas.set(LIST_META, listMeta());
    schemas.set(
        STATUS,
        NODES
            .objectNode()
            .put(
                "description",
                "Status is a return value for calls that don't return other objects.")
            .put("type", "object")
            .put("x-kubernetes-preserve-unknown-fields", true));
    return document("Kubernetes CRD Swagger", paths, schemas);
  }

  /**
   * A built-in group-version's document: its operations, each with fieldValidation as the real API
   * server's, but no schemas. Without a schema of its kind kubectl computes an apply's patch from
   * the types compiled into it, as it always did (k8s.io/kubectl/pkg/cmd/apply/patcher.go at
   * v1.32.4), and explain says it found no schema.
   */
  ObjectNode builtInDocument(String path, List<Map<String, Object>> resources) {
    String[] gv = path.split("/");
    String group = gv.length == 3 ? gv[1] : "";
    String version = gv[gv.length - 1];
    ObjectNode paths = NODES.objectNode();
    for (Map<String, Object> entry : resources) {
      String plural = String.valueOf(entry.get("name"));
      if (plural.contains("/")) {
        continue;
      }
      new Resource(
              "/" + path,
              plural,
              group,
              version,
              String.valueOf(entry.get("kind")),
              Boolean.TRUE.equals(entry.get("namespaced")))
          .addPaths(paths, null, null, List.of());
    }
    return document("Kubernetes", paths, NODES.objectNode());
  }

  private static ObjectNode document(String title, ObjectNode paths, ObjectNode schemas) {
    ObjectNode document = NODES.objectNode().put("openapi", "3.0.0");
    document.putObject("info").put("title", title).put("version", "v0.1.0");
    document.set("paths", paths);
    document.putObject("components").set("schemas", schemas);
    return document;
  }

  private static List<String> subresources(JsonNode crd, String version) {
    List<String> subresources = new ArrayList<>();
    StoredCrds.version(crd, version)
        .path("subresources")
        .fieldNames()
        .forEachRemaining(subresources::add);
    return subresources;
  }

  /** util.ToRESTFriendlyName of group/version.Kind: the group reversed, com.coreos.monitoring. */
  static String definitionName(String group, String version, String kind) {
    List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts) + "." + version + "." + kind;
  }

  /**
   * buildKubeNative(): the CRD's schema with the standard metadata, apiVersion and kind, and the
   * x-kubernetes-group-version-kind that kubectl explain finds it by.
   */
  private static ObjectNode kindSchema(
      JsonNode crdSchema, String group, String version, String kind) {
    ObjectNode schema =
        crdSchema == null
            ? NODES.objectNode().put("type", "object")
            : (ObjectNode) crdSchema.deepCopy();
    if (crdSchema != null) {
      ObjectNode properties =
          schema.has("properties")
              ? (ObjectNode) schema.get("properties")
              : schema.putObject("properties");
      typeMeta(properties);
      properties.set(
          "metadata",
          reference(
              OBJECT_META, "Standard object's metadata. More info: " + CONVENTIONS + "#metadata"));
    }
    gvk(schema.putArray("x-kubernetes-group-version-kind").addObject(), group, version, kind);
    return schema;
  }

  private static ObjectNode listSchema(
      String group, String version, String listKind, String plural, String itemName) {
    ObjectNode schema =
        NODES
            .objectNode()
            .put("description", listKind + " is a list of " + listKind.replaceFirst("List$", ""));
    schema.put("type", "object");
    schema.putArray("required").add("items");
    ObjectNode properties = schema.putObject("properties");
    typeMeta(properties);
    ObjectNode items =
        properties
            .putObject("items")
            .put("description", "List of " + plural + ". More info: " + CONVENTIONS)
            .put("type", "array");
    items.putObject("items").put("$ref", SCHEMAS + itemName);
    properties.set(
        "metadata",
        reference(LIST_META, "Standard list metadata. More info: " + CONVENTIONS + "#types-kinds"));
    gvk(schema.putArray("x-kubernetes-group-version-kind").addObject(), group, version, listKind);
    return schema;
  }

  /** addTypeMetaProperties() of builder.go, its descriptions those of metav1.TypeMeta. */
  private static void typeMeta(ObjectNode properties) {
    properties
        .putObject("apiVersion")
        .put(
            "description",
            "APIVersion defines the versioned schema of this representation of an object. Servers"
                + " should convert recognized schemas to the latest internal value, and may reject"
                + " unrecognized values. More info: "
                + CONVENTIONS
                + "#resources")
        .put("type", "string");
    properties
        .putObject("kind")
        .put(
            "description",
            "Kind is a string value representing the REST resource this object represents. Servers"
                + " may infer this from the endpoint the client submits requests to. Cannot be"
                + " updated. In CamelCase. More info: "
                + CONVENTIONS
                + "#types-kinds")
        .put("type", "string");
  }

  /** A reference with a description beside it, which OpenAPI v3 allows only within allOf. */
  private static ObjectNode reference(String definition, String description) {
    ObjectNode node = NODES.objectNode();
    node.putArray("allOf").addObject().put("$ref", SCHEMAS + definition);
    node.putObject("default");
    node.put("description", description);
    return node;
  }

  /**
   * metav1.ObjectMeta abridged to the fields users write, with its own descriptions
   * (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go at v1.32.4); the fields the API
   * server sets are left open rather than described.
   */
  private static ObjectNode objectMeta() {
    ObjectNode schema =
        NODES
            .objectNode()
            .put(
                "description",
                "ObjectMeta is metadata that all persisted resources must have, which includes all"
                    + " objects users must create.")
            .put("type", "object")
            .put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode properties = schema.putObject("properties");
    properties
        .putObject("name")
        .put(
            "description",
            "Name must be unique within a namespace. Is required when creating resources, although"
                + " some resources may allow a client to request the generation of an appropriate"
                + " name automatically. Cannot be updated.")
        .put("type", "string");
    properties
        .putObject("namespace")
        .put(
            "description",
            "Namespace defines the space within which each name must be unique. Cannot be updated.")
        .put("type", "string");
    stringMap(
        properties,
        "labels",
        "Map of string keys and values that can be used to organize and categorize (scope and"
            + " select) objects. May match selectors of replication controllers and services.");
    stringMap(
        properties,
        "annotations",
        "Annotations is an unstructured key value map stored with a resource that may be set by"
            + " external tools to store and retrieve arbitrary metadata. They are not queryable"
            + " and should be preserved when modifying objects.");
    return schema;
  }

  private static ObjectNode listMeta() {
    ObjectNode schema =
        NODES
            .objectNode()
            .put(
                "description",
                "ListMeta describes metadata that synthetic resources must have, including lists"
                    + " and various status objects.")
            .put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties
        .putObject("resourceVersion")
        .put(
            "description",
            "String that identifies the server's internal version of this object that can be"
                + " used by clients to determine when objects have changed.")
        .put("type", "string");
    properties
        .putObject("continue")
        .put(
            "description",
            "continue may be set if the user set a limit on the number of items returned.")
        .put("type", "string");
    return schema;
  }

  private static void stringMap(ObjectNode properties, String name, String description) {
    ObjectNode map =
        properties.putObject(name).put("description", description).put("type", "object");
    map.putObject("additionalProperties").put("default", "").put("type", "string");
  }

  private static void gvk(ObjectNode node, String group, String version, String kind) {
    node.put("group", group).put("version", version).put("kind", kind);
  }

  private static String pathOf(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }

  private static String hash(JsonNode document) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(
              MessageDigest.getInstance("SHA-512")
                  .digest(document.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-512", e);
    }
  }

  private static MockResponse json(int code, JsonNode body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  /**
   * One resource's routes, as generateBuilder() registers them and buildRoute() describes them:
   * each operation with its x-kubernetes-action and x-kubernetes-group-version-kind, and the
   * options of metav1 CreateOptions, UpdateOptions, GetOptions, ListOptions and DeleteOptions it
   * accepts.
   */
  private record Resource(
      String prefix, String plural, String group, String version, String kind, boolean namespaced) {

    void addPaths(ObjectNode paths, String name, String listName, List<String> subresources) {
      String root = prefix + (namespaced ? "/namespaces/{namespace}/" : "/") + plural;
      String scope = namespaced ? "Namespaced" : "";
      if (namespaced) {
        ObjectNode all = paths.putObject(prefix + "/" + plural);
        all.set(
            "get",
            operation(
                "list" + kind + "ForAllNamespaces",
                "list",
                "list objects of kind " + kind,
                listName,
                LIST));
      }
      ObjectNode collection = paths.putObject(root);
      collection.set(
          "get",
          operation("list" + scope + kind, "list", "list objects of kind " + kind, listName, LIST));
      collection.set(
          "post",
          operation("create" + scope + kind, "post", "create " + article() + kind, name, WRITE));
      collection.set(
          "delete",
          operation(
              "deletecollection" + scope + kind,
              "deletecollection",
              "delete collection of " + kind,
              STATUS,
              LIST));
      ObjectNode item = paths.putObject(root + "/{name}");
      item.set(
          "get", operation("read" + scope + kind, "get", "read the specified " + kind, name, GET));
      item.set(
          "put",
          operation("replace" + scope + kind, "put", "replace the specified " + kind, name, WRITE));
      item.set(
          "delete",
          operation(
              "delete" + scope + kind, "delete", "delete " + article() + kind, STATUS, DELETE));
      item.set(
          "patch",
          operation(
              "patch" + scope + kind,
              "patch",
              "partially update the specified " + kind,
              name,
              WRITE));
      for (String subresource : subresources) {
        if (!subresource.equals("status")) {
          continue;
        }
        String title = "Status";
        ObjectNode status = paths.putObject(root + "/{name}/status");
        status.set(
            "get",
            operation(
                "read" + scope + kind + title,
                "get",
                "read status of the specified " + kind,
                name,
                GET));
        status.set(
            "put",
            operation(
                "replace" + scope + kind + title,
                "put",
                "replace status of the specified " + kind,
                name,
                WRITE));
        status.set(
            "patch",
            operation(
                "patch" + scope + kind + title,
                "patch",
                "partially update status of the specified " + kind,
                name,
                WRITE));
      }
    }

    private String article() {
      return "AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ";
    }

    private ObjectNode operation(
        String id, String action, String description, String response, List<String[]> options) {
      ObjectNode operation = NODES.objectNode();
      operation.putArray("tags").add(group.isEmpty() ? "core_" + version : group + "_" + version);
      operation.put("description", description);
      operation.put("operationId", id);
      ArrayNode parameters = operation.putArray("parameters");
      if (namespaced) {
        parameter(
            parameters,
            "namespace",
            "path",
            "object name and auth scope, such as for teams and projects");
      }
      if (!action.equals("list") && !action.equals("post") && !action.equals("deletecollection")) {
        parameter(parameters, "name", "path", "name of the " + kind);
      }
      parameter(parameters, "pretty", "query", "If 'true', then the output is pretty printed.");
      for (String[] option : options) {
        parameter(parameters, option[0], "query", option[1]);
      }
      ObjectNode ok = operation.putObject("responses").putObject("200").put("description", "OK");
      if (response != null) {
        ok.putObject("content")
            .putObject("application/json")
            .putObject("schema")
            .put("$ref", SCHEMAS + response);
      }
      operation.put("x-kubernetes-action", action);
      gvk(operation.putObject("x-kubernetes-group-version-kind"), group, version, kind);
      return operation;
    }

    private static void parameter(
        ArrayNode parameters, String name, String in, String description) {
      ObjectNode parameter = parameters.addObject().put("name", name).put("in", in);
      parameter.put("description", description);
      if (in.equals("path")) {
        parameter.put("required", true);
      }
      parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
    }
  }

  /** The options of metav1.GetOptions: resourceVersion only. */
  private static final List<String[]> GET =
      List.<String[]>of(
          new String[] {
            "resourceVersion",
            "resourceVersion sets a constraint on what resource versions a request may be served"
                + " from."
          });

  /** The options of metav1.ListOptions that kubectl uses. */
  private static final List<String[]> LIST =
      List.<String[]>of(
          new String[] {
            "fieldSelector", "A selector to restrict the list of returned objects by their fields."
          },
          new String[] {
            "labelSelector", "A selector to restrict the list of returned objects by their labels."
          },
          new String[] {
            "limit", "limit is a maximum number of responses to return for a list call."
          },
          new String[] {
            "resourceVersion",
            "resourceVersion sets a constraint on what resource versions a request may be served from."
          },
          new String[] {
            "watch",
            "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."
          });

  /** The options of metav1.DeleteOptions passed as parameters. */
  private static final List<String[]> DELETE =
      List.<String[]>of(
          new String[] {
            "dryRun", "When present, indicates that modifications should not be persisted."
          },
          new String[] {
            "gracePeriodSeconds", "The duration in seconds before the object should be deleted."
          },
          new String[] {
            "propagationPolicy", "Whether and how garbage collection will be performed."
          });

  /**
   * The options of metav1.CreateOptions and UpdateOptions, fieldValidation among them, with its
   * description (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go at v1.32.4).
   */
  private static final List<String[]> WRITE =
      List.<String[]>of(
          new String[] {
            "dryRun", "When present, indicates that modifications should not be persisted."
          },
          new String[] {
            "fieldManager",
            "fieldManager is a name associated with the actor or entity that is making these"
                + " changes."
          },
          new String[] {
            "fieldValidation",
            "fieldValidation instructs the server on how to handle objects in the request"
                + " (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: -"
                + " Ignore: This will ignore any unknown fields that are silently dropped from the"
                + " object, and will ignore all but the last duplicate field that the decoder"
                + " encounters. This is the default behavior prior to v1.23. - Warn: This will send"
                + " a warning via the standard warning response header for each unknown field that"
                + " is dropped from the object, and for each duplicate field that is encountered."
                + " The request will still succeed if there are no other errors, and will only"
                + " persist the last of any duplicate fields. This is the default in v1.23+ -"
                + " Strict: This will fail the request with a BadRequest error if any unknown fields"
                + " would be dropped from the object, or if any duplicate fields are present. The"
                + " error returned from the server will contain all unknown and duplicate fields"
                + " encountered."
          });
}
