package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fieldValidation parameter of a custom resource's create, update or merge patch, which kubectl
 * sends once the OpenAPI document says the server takes it: Strict refuses a field the CRD's schema
 * does not know, Warn drops it with a Warning header, Ignore drops it silently
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go, update.go and patch.go at
 * v1.32.4; the unknown fields found as the CRD's pruning finds them,
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go).
 */
final class FieldValidation {

  /** /apis/group/version[/namespaces/ns]/plural[/name], without subresources. */
  private static final Pattern CUSTOM_RESOURCE =
      Pattern.compile("^/apis/([^/]+)/([^/]+)(?:/namespaces/[^/]+)?/([^/]+)(?:/([^/]+))?$");

  private static final Pattern DIRECTIVE = Pattern.compile("[?&]fieldValidation=([A-Za-z]+)");

  /** The fields every object has beside its schema's (pruning skips them at the root). */
  private static final Set<String> TYPE_AND_OBJECT_META = Set.of("apiVersion", "kind", "metadata");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String directive;
  private final String group;
  private final String version;
  private final String plural;

  private FieldValidation(String directive, String group, String version, String plural) {
    this.directive = directive;
    this.group = group;
    this.version = version;
    this.plural = plural;
  }

  /** The validation a request asks for, if it is a write of a resource with a fieldValidation. */
  static Optional<FieldValidation> of(RecordedRequest request) {
    HttpMethod method = request.method();
    String path = request.getPath();
    int query = path.indexOf('?');
    if (query < 0
        || !(method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH)) {
      return Optional.empty();
    }
    Matcher directive = DIRECTIVE.matcher(path.substring(query));
    Matcher resource = CUSTOM_RESOURCE.matcher(path.substring(0, query));
    if (!directive.find() || !resource.matches()) {
      return Optional.empty();
    }
    // A create goes to the collection, an update or a patch to the object.
    if ((method == HttpMethod.POST) != (resource.group(4) == null)) {
      return Optional.empty();
    }
    return switch (directive.group(1)) {
      case "Strict", "Warn", "Ignore" ->
          Optional.of(
              new FieldValidation(
                  directive.group(1), resource.group(1), resource.group(2), resource.group(3)));
      default -> Optional.empty();
    };
  }

  /**
   * The response: the refusal under Strict, else what next answers to the request with the unknown
   * fields dropped, warned about under Warn. Writes of kinds no stored CRD serves, and patches
   * other than merge patches, go on unchanged.
   */
  MockResponse apply(
      RecordedRequest request,
      StoredCrds crds,
      Function<String, MockResponse> store,
      Function<RecordedRequest, MockResponse> next) {
    Optional<JsonNode> crd = crds.serving(group, plural);
    JsonNode schema = crd.map(c -> StoredCrds.schema(c, version)).orElse(null);
    String contentType = request.getHeader("Content-Type");
    boolean patch = request.method() == HttpMethod.PATCH;
    if (schema == null
        || (patch && (contentType == null || !contentType.contains("merge-patch")))) {
      return next.apply(request);
    }
    String body = request.getUtf8Body();
    JsonNode object;
    try {
      object = JSON.readTree(body);
    } catch (IOException unreadable) {
      object = null;
    }
    if (object == null || !object.isObject()) {
      return next.apply(RequestWithBody.of(request, body));
    }
    List<String> unknown = new ArrayList<>();
    prune(schema, object, "", true, unknown);
    if (unknown.isEmpty()) {
      return next.apply(RequestWithBody.of(request, body));
    }
    String kind = crd.get().path("spec").path("names").path("kind").asText();
    if (directive.equals("Strict")) {
      return patch ? invalidPatch(request, store, body, unknown) : badRequest(kind, unknown);
    }
    MockResponse response = next.apply(RequestWithBody.of(request, object.toString()));
    if (directive.equals("Warn")) {
      // addStrictDecodingWarnings(): one Warning header per field, RFC 7234 code 299.
      unknown.forEach(
          field ->
              response.addHeader(
                  "Warning", "299 - \"" + strictError(field).replace("\"", "\\\"") + "\""));
    }
    return response;
  }

  /**
   * Removes what the schema does not know, recording each path: objects with properties keep only
   * those (x-kubernetes-preserve-unknown-fields keeps the rest), maps and lists are followed.
   */
  private static void prune(
      JsonNode schema, JsonNode node, String path, boolean root, List<String> unknown) {
    if (node.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        String child = path.isEmpty() ? name : path + "." + name;
        if ((root || embedded) && TYPE_AND_OBJECT_META.contains(name)) {
          continue;
        }
        if (properties.has(name)) {
          prune(properties.get(name), field.getValue(), child, false, unknown);
        } else if (additional.isObject()) {
          prune(additional, field.getValue(), child, false, unknown);
        } else if (!preserve && !additional.asBoolean(false)) {
          // A merge patch's null removes a field: there is nothing to refuse.
          if (!field.getValue().isNull()) {
            unknown.add(child);
          }
          fields.remove();
        }
      }
    } else if (node.isArray() && schema.has("items")) {
      for (int i = 0; i < node.size(); i++) {
        prune(schema.get("items"), node.get(i), path + "[" + i + "]", false, unknown);
      }
    }
  }

  /** runtime.NewStrictDecodingError: all unknown fields in one message. */
  private static String strictDecodingError(List<String> unknown) {
    return "strict decoding error: "
        + String.join(", ", unknown.stream().map(FieldValidation::strictError).toList());
  }

  private static String strictError(String field) {
    return "unknown field \"" + field + "\"";
  }

  /**
   * A create or update: transformDecodeError() of handlers/rest.go, which create.go and update.go
   * call, a BadRequest.
   */
  private MockResponse badRequest(String kind, List<String> unknown) {
    String message =
        kind
            + " in version \""
            + version
            + "\" cannot be handled as a "
            + kind
            + ": "
            + strictDecodingError(unknown);
    return StatusResponse.failure(400, "BadRequest", message);
  }

  /**
   * A merge patch: jsonPatcher.applyPatchToCurrentObject() of patch.go refuses the patched object
   * as Invalid, naming the field "patch".
   */
  private static MockResponse invalidPatch(
      RecordedRequest request,
      Function<String, MockResponse> store,
      String patch,
      List<String> unknown) {
    String path = request.getPath();
    MockResponse current = store.apply(path.substring(0, path.indexOf('?')));
    String patched = patch;
    if (current.code() == 200) {
      try {
        patched =
            JsonMergePatch.apply(JSON.readTree(current.getBody().readUtf8()), JSON.readTree(patch))
                .toString();
      } catch (IOException unreadable) {
        // The patch itself stands for the patched object.
      }
    }
    String detail =
        "Invalid value: " + JSON.valueToTree(patched) + ": " + strictDecodingError(unknown);
    return StatusResponse.of(
        new StatusBuilder()
            .withStatus("Failure")
            .withReason("Invalid")
            .withCode(422)
            .withMessage(" \"\" is invalid: patch: " + detail)
            .withNewDetails()
            .withCauses(
                new StatusCauseBuilder()
                    .withReason("FieldValueInvalid")
                    .withMessage(detail)
                    .withField("patch")
                    .build())
            .endDetails()
            .build());
  }
}
