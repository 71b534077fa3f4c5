package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.causalgym.operator.admission.CrdAdmission;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * The Fabric8 mock API's CRUD store (objects found by name), with what a real API server adds on
 * every write: a CausalGymMonitoring is admitted by its CRD (refused with 422 and the fields named,
 * or stored with nulls pruned and defaults set), and Deployments and Services get the defaults
 * Kubernetes fills in. So the demo and the tests meet the API a cluster would be.
 */
public class ApiServerDispatcher extends NameIndexedStore {

  private static final String RESOURCES = "/" + HasMetadata.getPlural(CausalGymMonitoring.class);

  private final BuiltInDefaults defaults = new BuiltInDefaults();

  private final ServerSideTable tables = new ServerSideTable(this::stored, Clock.systemUTC());

  private final OpenApiDocuments openApi;

  private final GarbageCollector garbageCollector = new GarbageCollector(this);

  /** The store without built-in groups in its OpenAPI documents: only its CRDs'. */
  public ApiServerDispatcher() {
    this(new OpenApiDocuments());
  }

  /** The store, its OpenAPI documents listing the built-in groups discovered into openApi. */
  public ApiServerDispatcher(OpenApiDocuments openApi) {
    this.openApi = openApi;
  }

  /**
   * What kubectl asks of an API server beyond storing objects is answered here, before the store:
   * each feature a branch of its own.
   */
  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = answer(request);
    // Without a Content-Type, client-go decodes an answer as it encoded the request: protobuf for
    // kubectl create's typed commands. Every answer here is JSON.
    if (response.header("Content-Type") == null
        && response.getBody() != null
        && response.getBody().size() > 0) {
      response.setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private MockResponse answer(RecordedRequest request) {
    // kubectl create namespace, configmap and secret write protobuf, which the store cannot read:
    // those kinds are read into JSON; any other is refused as an API server refuses a media type it
    // does not accept (apiserver pkg/endpoints/handlers/negotiation/errors.go, v1.32).
    if (ProtobufBody.isProtobuf(request.getHeader("Content-Type"))) {
      byte[] body = request.getBody().readByteArray();
      Optional<ProtobufBody.Unknown> unknown;
      Optional<ObjectNode> object;
      try {
        unknown = ProtobufBody.read(body);
        object = unknown.flatMap(ProtobufBody.Unknown::toJson);
      } catch (IllegalArgumentException malformed) {
        return StatusResponse.failure(400, "BadRequest", malformed.getMessage());
      }
      if (object.isEmpty()) {
        String kind =
            unknown
                .map(ProtobufBody.Unknown::kind)
                .filter(k -> !k.isEmpty())
                .orElse("an unknown kind");
        return unsupportedMediaType(request.getHeader("Content-Type"), kind);
      }
      request = RequestWithBody.asJson(request, Serialization.asJson(object.get()));
    }
    // kubectl describe: a resource's Events, selected by field.
    if (EventFieldSelector.selects(request)) {
      return EventFieldSelector.list(request.getPath(), this::handleGet);
    }
    // kubectl get: a Table with the CRD's printer columns.
    if (request.method() == HttpMethod.GET
        && ServerSideTable.wanted(request.getHeader("Accept"))
        && !isWatch(request.getPath())) {
      return tables.respond(request.getPath(), handleGet(request.getPath()));
    }
    // Writes: validated as fieldValidation asks, stored, then collected as the garbage collector
    // would.
    if (GarbageCollector.follows(request)) {
      return garbageCollector.dispatch(request, this::validatedAndStored);
    }
    // kubectl explain and apply: /openapi/v3.
    return validatedAndStored(request);
  }

  private static MockResponse unsupportedMediaType(String contentType, String kind) {
    return StatusResponse.failure(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json, application/yaml, and "
            + contentType
            + " for Namespace, ConfigMap and Secret only, not "
            + kind);
  }

  private MockResponse validatedAndStored(RecordedRequest request) {
    return openApi.dispatch(request, this::handleGet, super::dispatch);
  }

  /** The Table conversion of this API, for the watches that stream it too. */
  public ServerSideTable tables() {
    return tables;
  }

  private static boolean isWatch(String path) {
    return path.matches(".*[?&]watch=(true|1)(&.*)?") || path.contains("/watch/");
  }

  /** The object or list the store holds at path, or null. */
  private JsonNode stored(String path) {
    MockResponse response = handleGet(path);
    return response.code() == 200
        ? Serialization.unmarshal(response.getBody().readUtf8(), JsonNode.class)
        : null;
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    String body = request.getUtf8Body();
    return admitted(request, body).orElseGet(super::handleCreate);
  }

  @Override
  public MockResponse handleUpdate(RecordedRequest request) {
    String body = request.getUtf8Body();
    return admitted(request, body).orElseGet(super::handleUpdate);
  }

  /**
   * A merge patch is applied as RFC 7386 says, replacing lists (the mock's own merge appends to
   * them), and stored as an update; a patch of a CausalGymMonitoring is admitted by what it would
   * store.
   */
  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    // Reading a request's body consumes it: whatever goes on gets a copy.
    String body = request.getUtf8Body();
    String contentType = request.getHeader("Content-Type");
    boolean mergePatch = contentType != null && contentType.contains("merge-patch");
    if (!mergePatch && !isCustomResource(request.getPath())) {
      return super.handlePatch(RequestWithBody.of(request, body));
    }
    MockResponse current = handleGet(request.getPath());
    JsonNode patched = null;
    if (current.code() == 200) {
      try {
        JsonNode stored = Serialization.unmarshal(current.getBody().readUtf8(), JsonNode.class);
        JsonNode patch = Serialization.unmarshal(body, JsonNode.class);
        patched =
            mergePatch
                ? JsonMergePatch.apply(stored.deepCopy(), patch)
                : JsonPatch.apply(patch, stored);
      } catch (RuntimeException unreadable) {
        // The store answers a patch it cannot apply as it always does.
      }
    }
    if (patched == null || !patched.isObject()) {
      return super.handlePatch(RequestWithBody.of(request, body));
    }
    if (isCustomResource(request.getPath())) {
      List<SpecViolation> violations = CrdAdmission.packaged().admit((ObjectNode) patched);
      if (!violations.isEmpty()) {
        return invalid(patched, violations);
      }
    }
    return mergePatch
        ? admitted(request, Serialization.asJson(patched)).orElseGet(super::handleUpdate)
        : super.handlePatch(RequestWithBody.of(request, body));
  }

  private static boolean isCustomResource(String path) {
    String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    return plain.contains(RESOURCES) && !plain.endsWith("/status");
  }

  /** Either the refusal of a write, or the request to store, with the object as admitted. */
  private Admission admitted(RecordedRequest request, String body) {
    JsonNode object;
    try {
      object = Serialization.unmarshal(body, JsonNode.class);
    } catch (RuntimeException unreadable) {
      return new Admission(RequestWithBody.of(request, body), null);
    }
    if (object == null || !object.isObject()) {
      return new Admission(RequestWithBody.of(request, body), null);
    }
    if (isCustomResource(request.getPath())) {
      List<SpecViolation> violations = CrdAdmission.packaged().admit((ObjectNode) object);
      if (!violations.isEmpty()) {
        return new Admission(request, invalid(object, violations));
      }
    } else {
      defaults.apply((ObjectNode) object);
    }
    return new Admission(RequestWithBody.of(request, Serialization.asJson(object)), null);
  }

  /** The API server's answer to a write its validation refuses: 422 with a cause per field. */
  private static MockResponse invalid(JsonNode object, List<SpecViolation> violations) {
    String name = object.path("metadata").path("name").asText();
    List<StatusCause> causes =
        violations.stream()
            .map(
                v ->
                    new StatusCauseBuilder()
                        .withField(v.field())
                        .withMessage(v.problem())
                        .withReason("FieldValueInvalid")
                        .build())
            .toList();
    String message =
        HasMetadata.getKind(CausalGymMonitoring.class)
            + "."
            + CausalGymMonitoring.GROUP
            + " \""
            + name
            + "\" is invalid: "
            + String.join(", ", violations.stream().map(SpecViolation::toString).toList());
    return StatusResponse.of(
        new StatusBuilder()
            .withStatus("Failure")
            .withReason("Invalid")
            .withCode(422)
            .withMessage(message)
            .withNewDetails()
            .withName(name)
            .withGroup(CausalGymMonitoring.GROUP)
            .withKind(HasMetadata.getKind(CausalGymMonitoring.class))
            .withCauses(causes)
            .endDetails()
            .build());
  }

  /** The request to go on with, or the response that ends it. */
  private record Admission(RecordedRequest request, MockResponse refusal) {
    MockResponse orElseGet(Function<RecordedRequest, MockResponse> store) {
      return refusal != null ? refusal : store.apply(request);
    }
  }
}
