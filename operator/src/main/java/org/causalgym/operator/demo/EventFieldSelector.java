package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A list of core/v1 Events with a field selector, answered as the API server does: what kubectl
 * describe asks for a resource's Events (involvedObject.name, .namespace, .kind and .uid, by
 * k8s.io/kubectl pkg/describe/describe.go searchEvents, v1.32). The mock store selects on
 * metadata.name and .namespace only, and found no Event for any other field.
 */
final class EventFieldSelector {

  private static final Pattern EVENTS = Pattern.compile("/api/v1(/namespaces/[^/]+)?/events");

  /**
   * Event's selectable fields (kubernetes pkg/registry/core/event/strategy.go ToSelectableFields
   * and the v1 field label conversion in pkg/apis/core/v1/conversion.go, v1.32): source is
   * source.component, or reportingComponent where that is empty.
   */
  private static final Map<String, Function<JsonNode, String>> FIELDS =
      Map.ofEntries(
          Map.entry("metadata.name", e -> text(e, "metadata", "name")),
          Map.entry("metadata.namespace", e -> text(e, "metadata", "namespace")),
          Map.entry("involvedObject.kind", e -> text(e, "involvedObject", "kind")),
          Map.entry("involvedObject.namespace", e -> text(e, "involvedObject", "namespace")),
          Map.entry("involvedObject.name", e -> text(e, "involvedObject", "name")),
          Map.entry("involvedObject.uid", e -> text(e, "involvedObject", "uid")),
          Map.entry("involvedObject.apiVersion", e -> text(e, "involvedObject", "apiVersion")),
          Map.entry(
              "involvedObject.resourceVersion", e -> text(e, "involvedObject", "resourceVersion")),
          Map.entry("involvedObject.fieldPath", e -> text(e, "involvedObject", "fieldPath")),
          Map.entry("reason", e -> e.path("reason").asText("")),
          Map.entry("reportingComponent", e -> e.path("reportingComponent").asText("")),
          Map.entry(
              "source",
              e -> {
                String component = text(e, "source", "component");
                return component.isEmpty() ? e.path("reportingComponent").asText("") : component;
              }),
          Map.entry("type", e -> e.path("type").asText("")));

  private EventFieldSelector() {}

  /** A list (not a watch) of Events with a field selector. */
  static boolean selects(RecordedRequest request) {
    if (request.method() != HttpMethod.GET) {
      return false;
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    return query > 0
        && EVENTS.matcher(path.substring(0, query)).matches()
        && parameter(path, "fieldSelector") != null
        && !"true".equals(parameter(path, "watch"));
  }

  /**
   * The Events the store lists without the selector, those the selector rejects left out; a
   * selector that cannot be parsed, or names a field Events do not have, is 400 BadRequest
   * (apiserver pkg/endpoints/handlers/get.go ListResource).
   */
  static MockResponse list(String path, Function<String, MockResponse> store) {
    FieldSelector selector;
    try {
      selector = FieldSelector.parse(parameter(path, "fieldSelector")).supportedBy(FIELDS.keySet());
    } catch (FieldSelector.Invalid e) {
      return StatusResponse.failure(400, "BadRequest", e.getMessage());
    }
    MockResponse all = store.apply(withoutFieldSelector(path));
    if (all.code() != 200) {
      return all;
    }
    ObjectNode list =
        (ObjectNode) Serialization.unmarshal(all.getBody().readUtf8(), JsonNode.class);
    JsonNode items = list.path("items");
    // The store calls every list a List, which client-go's typed clients (kubectl describe's
    // among them) do not decode as an EventList.
    list.put("kind", "EventList");
    ArrayNode selected = list.putArray("items");
    for (JsonNode event : items) {
      if (selector.matches(field -> FIELDS.get(field).apply(event))) {
        selected.add(event);
      }
    }
    // ApiServerDispatcher says application/json for every answer that names no Content-Type.
    return new MockResponse().setResponseCode(200).setBody(Serialization.asJson(list));
  }

  private static String text(JsonNode event, String parent, String field) {
    return event.path(parent).path(field).asText("");
  }

  private static String parameter(String path, String name) {
    return QueryParameter.in(path, name).orElse(null);
  }

  private static String withoutFieldSelector(String path) {
    int query = path.indexOf('?');
    List<String> kept = new ArrayList<>();
    for (String pair : path.substring(query + 1).split("&")) {
      if (!URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8)
          .equals("fieldSelector")) {
        kept.add(pair);
      }
    }
    return path.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
  }
}
