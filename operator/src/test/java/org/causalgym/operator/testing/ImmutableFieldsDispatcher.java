package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.demo.JsonMergePatch;

/**
 * The update validation of kube-apiserver for the built-in kinds the operator writes, in front of
 * the mock's CRUD store (which stores any update as sent): an update or patch that changes a field
 * Kubernetes keeps immutable is refused with 422, status Failure, reason Invalid and the field in
 * details.causes, as k8s.io/apimachinery v0.32.0 pkg/api/errors/errors.go NewInvalid builds it;
 * growing a volume claim whose StorageClass does not allow expansion is refused with 403 Forbidden,
 * as the PersistentVolumeClaimResize admission plugin does. Its table is its own, read from
 * Kubernetes' validation code (kubernetes/kubernetes, the functions named at each rule; v1.32), not
 * the operator's declarations. Counts the writes it refused and the writes of each kind it let
 * through.
 *
 * <p>Compared semantically as apiequality.Semantic.DeepEqual does for what the operator writes:
 * absent, null and empty are the same, quantities compare by value (the Fabric8 client writes both
 * sides, so no other normalisation is needed).
 */
public final class ImmutableFieldsDispatcher extends Dispatcher {

  private static final Pattern OBJECT_PATH =
      Pattern.compile("^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/([^/]+)/([^/]+)/([^/?]+)$");

  /**
   * pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate: the spec fields an update may
   * change.
   */
  private static final List<String> STATEFUL_SET_MUTABLE =
      List.of(
          "replicas",
          "ordinals",
          "template",
          "updateStrategy",
          "persistentVolumeClaimRetentionPolicy",
          "minReadySeconds");

  private final Dispatcher inner;
  private final AtomicInteger refused = new AtomicInteger();
  private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

  public ImmutableFieldsDispatcher(Dispatcher inner) {
    this.inner = inner;
  }

  /**
   * How many writes were refused as changing an immutable field (422) or the resize plugin (403).
   */
  public int refused() {
    return refused.get();
  }

  /** How many writes (create, update, patch, delete) of the resource (plural) were let through. */
  public int writes(String plural) {
    return writes.computeIfAbsent(plural, p -> new AtomicInteger()).get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpMethod method = request.method();
    String path = request.getPath();
    String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (method == HttpMethod.GET) {
      return inner.dispatch(request);
    }
    String body = request.getUtf8Body();
    RecordedRequest passed = withBody(request, body);
    Matcher object = OBJECT_PATH.matcher(plain);
    if ((method == HttpMethod.PUT || method == HttpMethod.PATCH) && object.matches()) {
      String plural = object.group(3);
      MockResponse stored =
          inner.dispatch(
              new RecordedRequest(
                  request.getHttpVersion(),
                  HttpMethod.GET,
                  plain,
                  request.getHeaders(),
                  new Buffer()));
      if (stored.code() == 200) {
        JsonNode old = Serialization.unmarshal(stored.getBody().readUtf8(), JsonNode.class);
        JsonNode updated = updated(old, body, method, request.getHeader("Content-Type"));
        if (updated != null) {
          List<StatusCause> causes = causes(plural, old, updated);
          if (!causes.isEmpty()) {
            refused.incrementAndGet();
            return invalid(object.group(1), old, causes);
          }
          String forbidden = resizeForbidden(request, plural, old, updated);
          if (forbidden != null) {
            refused.incrementAndGet();
            return forbidden(plural, old, forbidden);
          }
        }
      }
    }
    MockResponse response = inner.dispatch(passed);
    Matcher collection =
        Pattern.compile("^/(?:api/v1|apis/[^/]+/[^/]+)/namespaces/[^/]+/([^/]+)(?:/[^/]+)?$")
            .matcher(plain);
    if (response.code() < 300 && collection.matches() && !plain.endsWith("/status")) {
      writes.computeIfAbsent(collection.group(1), p -> new AtomicInteger()).incrementAndGet();
    }
    return response;
  }

  private static JsonNode updated(JsonNode old, String body, HttpMethod method, String type) {
    try {
      JsonNode sent = Serialization.unmarshal(body, JsonNode.class);
      if (method == HttpMethod.PUT) {
        return sent;
      }
      if (type != null && type.contains("json-patch")) {
        return JsonPatch.apply(sent, old);
      }
      return JsonMergePatch.apply(old.deepCopy(), sent);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static List<StatusCause> causes(String plural, JsonNode old, JsonNode updated) {
    List<StatusCause> causes = new ArrayList<>();
    switch (plural) {
      case "statefulsets" -> {
        // pkg/apis/apps/validation/validation.go ValidateStatefulSetUpdate.
        ObjectNode oldSpec = withoutFields(old.path("spec"), STATEFUL_SET_MUTABLE);
        ObjectNode newSpec = withoutFields(updated.path("spec"), STATEFUL_SET_MUTABLE);
        if (!same(oldSpec, newSpec)) {
          causes.add(
              forbiddenCause(
                  "spec",
                  "updates to statefulset spec for fields other than 'replicas', 'ordinals',"
                      + " 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy'"
                      + " and 'minReadySeconds' are forbidden"));
        }
      }
      case "deployments" -> {
        // pkg/registry/apps/deployment/strategy.go ValidateUpdate (apps/v1): ValidateImmutableField
        // of spec.selector.
        immutable(causes, "spec.selector", old.at("/spec/selector"), updated.at("/spec/selector"));
      }
      case "services" -> {
        // pkg/apis/core/validation/validation.go ValidateServiceUpdate: an assigned clusterIP of a
        // Service other than ExternalName.
        boolean externalName =
            "ExternalName".equals(old.at("/spec/type").asText())
                || "ExternalName".equals(updated.at("/spec/type").asText());
        if (!externalName && !old.at("/spec/clusterIP").asText("").isEmpty()) {
          immutable(
              causes, "spec.clusterIP", old.at("/spec/clusterIP"), updated.at("/spec/clusterIP"));
        }
      }
      case "rolebindings" -> {
        // pkg/apis/rbac/validation/validation.go ValidateRoleBindingUpdate.
        if (!same(old.path("roleRef"), updated.path("roleRef"))) {
          causes.add(invalidCause("roleRef", updated.path("roleRef"), "cannot change roleRef"));
        }
      }
      case "configmaps" ->
          // pkg/apis/core/validation/validation.go ValidateConfigMapUpdate.
          immutableData(causes, old, updated, "data", "binaryData");
      case "secrets" -> {
        // pkg/apis/core/validation/validation.go ValidateSecretUpdate: type (Opaque by default).
        JsonNode oldType =
            Serialization.jsonMapper().valueToTree(old.path("type").asText("Opaque"));
        JsonNode newType =
            Serialization.jsonMapper().valueToTree(updated.path("type").asText("Opaque"));
        immutable(causes, "type", oldType, newType);
        immutableData(causes, old, updated, "data");
      }
      case "persistentvolumeclaims" -> {
        // pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate.
        ObjectNode oldSpec = withoutFields(old.path("spec"), List.of("volumeAttributesClassName"));
        ObjectNode newSpec =
            withoutFields(updated.path("spec"), List.of("volumeAttributesClassName"));
        if ("Bound".equals(old.at("/status/phase").asText())) {
          for (ObjectNode spec : List.of(oldSpec, newSpec)) {
            if (spec.get("resources") instanceof ObjectNode resources) {
              resources.remove("requests");
            }
          }
        }
        if (!same(oldSpec, newSpec)) {
          causes.add(
              forbiddenCause(
                  "spec",
                  "spec is immutable after creation except resources.requests and"
                      + " volumeAttributesClassName for bound claims"));
        }
        Quantity before = storage(old);
        Quantity after = storage(updated);
        if (before != null
            && after != null
            && after.getNumericalAmount().compareTo(before.getNumericalAmount()) < 0) {
          causes.add(
              forbiddenCause(
                  "spec.resources.requests.storage", "field can not be less than previous value"));
        }
      }
      default -> {}
    }
    return causes;
  }

  /**
   * plugin/pkg/admission/storage/persistentvolume/resize/admission.go: a claim grows only where it
   * is bound and its StorageClass allows volume expansion; the reason, or null.
   */
  private String resizeForbidden(
      RecordedRequest request, String plural, JsonNode old, JsonNode updated) {
    if (!plural.equals("persistentvolumeclaims")) {
      return null;
    }
    Quantity before = storage(old);
    Quantity after = storage(updated);
    if (before == null
        || after == null
        || after.getNumericalAmount().compareTo(before.getNumericalAmount()) <= 0) {
      return null;
    }
    if (!"Bound".equals(old.at("/status/phase").asText())) {
      return "Only bound persistent volume claims can be expanded";
    }
    String className = old.at("/spec/storageClassName").asText("");
    MockResponse storageClass =
        className.isEmpty()
            ? null
            : inner.dispatch(
                new RecordedRequest(
                    request.getHttpVersion(),
                    HttpMethod.GET,
                    "/apis/storage.k8s.io/v1/storageclasses/" + className,
                    request.getHeaders(),
                    new Buffer()));
    boolean expandable =
        storageClass != null
            && storageClass.code() == 200
            && Serialization.unmarshal(storageClass.getBody().readUtf8(), JsonNode.class)
                .path("allowVolumeExpansion")
                .asBoolean(false);
    return expandable
        ? null
        : "only dynamically provisioned pvc can be resized and the storageclass that provisions"
            + " the pvc must support resize";
  }

  private static Quantity storage(JsonNode claim) {
    JsonNode value = claim.at("/spec/resources/requests/storage");
    return value.isTextual() ? new Quantity(value.asText()) : null;
  }

  /** ConfigMap and Secret: once immutable is true it stays, and so does the data. */
  private static void immutableData(
      List<StatusCause> causes, JsonNode old, JsonNode updated, String... dataFields) {
    if (!old.path("immutable").asBoolean(false)) {
      return;
    }
    String message = "field is immutable when `immutable` is set";
    if (!updated.path("immutable").asBoolean(false)) {
      causes.add(forbiddenCause("immutable", message));
    }
    for (String field : dataFields) {
      if (!same(old.path(field), updated.path(field))) {
        causes.add(forbiddenCause(field, message));
      }
    }
  }

  /** apimachinery's ValidateImmutableField: Invalid, "field is immutable". */
  private static void immutable(
      List<StatusCause> causes, String field, JsonNode old, JsonNode updated) {
    if (!same(old, updated)) {
      causes.add(invalidCause(field, updated, "field is immutable"));
    }
  }

  private static StatusCause invalidCause(String field, JsonNode value, String detail) {
    return new StatusCauseBuilder()
        .withReason("FieldValueInvalid")
        .withField(field)
        .withMessage("Invalid value: " + value + ": " + detail)
        .build();
  }

  private static StatusCause forbiddenCause(String field, String detail) {
    return new StatusCauseBuilder()
        .withReason("FieldValueForbidden")
        .withField(field)
        .withMessage("Forbidden: " + detail)
        .build();
  }

  private static ObjectNode withoutFields(JsonNode node, List<String> fields) {
    ObjectNode copy =
        node.isObject()
            ? (ObjectNode) node.deepCopy()
            : Serialization.jsonMapper().createObjectNode();
    fields.forEach(copy::remove);
    return copy;
  }

  /** Semantic equality: absent, null and empty alike; numbers and quantities by value. */
  private static boolean same(JsonNode a, JsonNode b) {
    boolean aAbsent = absent(a);
    boolean bAbsent = absent(b);
    if (aAbsent || bAbsent) {
      return aAbsent && bAbsent;
    }
    if (a.isObject() && b.isObject()) {
      List<String> names = new ArrayList<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(n -> names.add(n));
      for (String name : names) {
        if (!same(a.path(name), b.path(name))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<JsonNode> left = a.elements();
      Iterator<JsonNode> right = b.elements();
      while (left.hasNext()) {
        if (!same(left.next(), right.next())) {
          return false;
        }
      }
      return true;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isTextual() && b.isTextual() && !a.equals(b)) {
      try {
        return new Quantity(a.asText())
                .getNumericalAmount()
                .compareTo(new Quantity(b.asText()).getNumericalAmount())
            == 0;
      } catch (RuntimeException notQuantities) {
        return false;
      }
    }
    return a.equals(b);
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty());
  }

  private static MockResponse invalid(String group, JsonNode old, List<StatusCause> causes) {
    String kind = old.path("kind").asText();
    String name = old.at("/metadata/name").asText();
    String qualified = group == null ? kind : kind + "." + group;
    String message =
        qualified
            + " \""
            + name
            + "\" is invalid: "
            + String.join(
                ", ", causes.stream().map(c -> c.getField() + ": " + c.getMessage()).toList());
    return new MockResponse()
        .setResponseCode(422)
        .setHeader("Content-Type", "application/json")
        .setBody(
            Serialization.asJson(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withReason("Invalid")
                    .withCode(422)
                    .withMessage(message)
                    .withNewDetails()
                    .withGroup(group)
                    .withKind(kind)
                    .withName(name)
                    .withCauses(causes)
                    .endDetails()
                    .build()));
  }

  /** k8s.io/apimachinery v0.32.0 pkg/api/errors/errors.go NewForbidden, as admission answers. */
  private static MockResponse forbidden(String plural, JsonNode old, String reason) {
    String name = old.at("/metadata/name").asText();
    return new MockResponse()
        .setResponseCode(403)
        .setHeader("Content-Type", "application/json")
        .setBody(
            Serialization.asJson(
                new StatusBuilder()
                    .withStatus("Failure")
                    .withReason("Forbidden")
                    .withCode(403)
                    .withMessage(plural + " \"" + name + "\" is forbidden: " + reason)
                    .withNewDetails()
                    .withKind(plural)
                    .withName(name)
                    .endDetails()
                    .build()));
  }

  private static RecordedRequest withBody(RecordedRequest request, String body) {
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        request.getHeaders(),
        new Buffer().writeUtf8(body));
  }
}
