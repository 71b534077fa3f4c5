package org.causalgym.operator.demo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Deletion as a cluster carries it out: the API server's DELETE (apiserver
 * pkg/registry/generic/registry/store.go, v1.32: the propagation policy becomes the finalizer
 * orphan or foregroundDeletion, an object with finalizers is only marked by deletionTimestamp) and
 * the garbage collector after every write (kubernetes pkg/controller/garbagecollector
 * garbagecollector.go, v1.32: an object whose owners are all gone is deleted, one with a live owner
 * only loses the references to gone ones; an owner deleted in the foreground goes when no dependent
 * that blocks its deletion is left; an orphaning owner first takes itself out of its dependents'
 * ownerReferences). Every change is a write through the store's own handlers, so watches see the
 * events a cluster sends. Owners are found by uid alone.
 */
final class GarbageCollector {

  /** metav1.FinalizerDeleteDependents. */
  static final String FOREGROUND = "foregroundDeletion";

  /** metav1.FinalizerOrphanDependents. */
  static final String ORPHAN = "orphan";

  /** The passes of one collection are bounded, though each pass that changes removes something. */
  private static final int MAX_PASSES = 10_000;

  private static final KubernetesResponseComposer LISTS = new KubernetesResponseComposer();

  /** metav1.DeletionPropagation. */
  enum Propagation {
    Orphan,
    Background,
    Foreground
  }

  /** The store whose handlers (admission included) every write of the collector goes through. */
  private final KubernetesCrudDispatcher store;

  /** Whether the last collection left an object being deleted. */
  private boolean unsettled;

  /**
   * The uid of every stored object, known from the store on the first write and from every write
   * and collection since: a written object whose owners are all here cannot be garbage, and is
   * checked without reading every stored object (which made each create cost O(objects)).
   */
  private Set<String> uids;

  GarbageCollector(KubernetesCrudDispatcher store) {
    this.store = store;
  }

  /** The writes after which objects may have become garbage, and DELETE, which is done here. */
  static boolean follows(RecordedRequest request) {
    return switch (request.method()) {
      case POST, PUT, PATCH, DELETE -> true;
      default -> false;
    };
  }

  /**
   * Answers a write: a DELETE here, any other by next; then collects where the write may have made
   * garbage. One write at a time, so that the collector's read of the store and its writes see no
   * other write in between.
   */
  synchronized MockResponse dispatch(
      RecordedRequest request, Function<RecordedRequest, MockResponse> next) {
    if (uids == null) {
      uids = uids(snapshot());
    }
    boolean delete = request.method() == HttpMethod.DELETE;
    MockResponse response = delete ? delete(request) : next.apply(request);
    ObjectMeta written = delete ? null : written(response);
    if (written != null && written.getUid() != null) {
      uids.add(written.getUid());
    }
    // Reading every stored object is kept off the common write (a status update, an object whose
    // owners all exist), which cannot make garbage while nothing is being deleted.
    if (delete || unsettled || mayBeGarbage(written)) {
      unsettled = collect();
    }
    return response;
  }

  /** The metadata of the object a successful write answered with, or null. */
  private static ObjectMeta written(MockResponse response) {
    if (response.code() / 100 != 2 || response.getBody() == null) {
      return null;
    }
    try {
      return Serialization.jsonMapper()
          .readValue(response.getBody().getBytes(), Head.class)
          .metadata();
    } catch (java.io.IOException unreadable) {
      return null;
    }
  }

  /** Whether the written object is being deleted, or names an owner that is not stored. */
  private boolean mayBeGarbage(ObjectMeta metadata) {
    return metadata != null
        && (metadata.getDeletionTimestamp() != null
            || (metadata.getOwnerReferences() != null
                && metadata.getOwnerReferences().stream()
                    .anyMatch(owner -> !uids.contains(owner.getUid()))));
  }

  private static Set<String> uids(List<Node> nodes) {
    Set<String> uids = new HashSet<>();
    nodes.forEach(node -> uids.add(node.uid()));
    return uids;
  }

  /**
   * DELETE of one object or a collection, with DeleteOptions from the body or else from the query
   * (apiserver pkg/endpoints/handlers/delete.go, v1.32). Answered with the object as it was last
   * stored, or the list of them.
   */
  private MockResponse delete(RecordedRequest request) {
    String path = request.getPath();
    Optional<Propagation> policy;
    try {
      policy = propagation(path, request.getUtf8Body());
    } catch (IllegalArgumentException invalid) {
      return StatusResponse.failure(422, "Invalid", invalid.getMessage());
    }
    AttributeSet query = store.getAttributeExtractor().fromPath(path);
    List<Node> matched = snapshot().stream().filter(n -> n.key().matches(query)).toList();
    if (matched.isEmpty()) {
      return store.handleDelete(path);
    }
    if (query.containsKey("name")) {
      return new MockResponse().setResponseCode(200).setBody(delete(matched.get(0), policy).json());
    }
    List<String> deleted = new ArrayList<>();
    matched.forEach(node -> deleted.add(delete(node, policy).json()));
    return new MockResponse().setResponseCode(200).setBody(LISTS.compose(deleted, ""));
  }

  /**
   * propagationPolicy, or the deprecated orphanDependents; the body's DeleteOptions win over the
   * query's. Both at once, or an unknown policy, is refused (apimachinery ValidateDeleteOptions).
   */
  static Optional<Propagation> propagation(String path, String body) {
    String policy = null;
    String orphanDependents = null;
    if (body != null && !body.isBlank()) {
      JsonNode options = Serialization.unmarshal(body, JsonNode.class);
      policy = options.path("propagationPolicy").textValue();
      orphanDependents =
          options.path("orphanDependents").isBoolean()
              ? options.path("orphanDependents").asText()
              : null;
    } else {
      policy = QueryParameter.in(path, "propagationPolicy").orElse(null);
      orphanDependents = QueryParameter.in(path, "orphanDependents").orElse(null);
    }
    if (policy != null && orphanDependents != null) {
      throw new IllegalArgumentException(
          "DeleteOptions is invalid: propagationPolicy: Invalid value: \""
              + policy
              + "\": orphanDependents and deletionPropagation cannot be both set");
    }
    if (orphanDependents != null) {
      return Optional.of(
          Boolean.parseBoolean(orphanDependents) ? Propagation.Orphan : Propagation.Background);
    }
    if (policy == null) {
      return Optional.empty();
    }
    for (Propagation p : Propagation.values()) {
      if (p.name().equals(policy)) {
        return Optional.of(p);
      }
    }
    throw new IllegalArgumentException(
        "DeleteOptions is invalid: propagationPolicy: Unsupported value: \""
            + policy
            + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
  }

  /**
   * Deletes node as store.go's Delete does: the finalizers orphan and foregroundDeletion replaced
   * by the one policy asks (without one, the one the object carries, else none: Background);
   * without finalizers the object is removed, with some it is marked deleted and left to them.
   */
  private Deletion delete(Node node, Optional<Propagation> policy) {
    List<String> current = node.finalizers();
    Propagation effective =
        policy.orElse(
            current.contains(ORPHAN)
                ? Propagation.Orphan
                : current.contains(FOREGROUND) ? Propagation.Foreground : Propagation.Background);
    List<String> next = new ArrayList<>(current);
    next.removeAll(List.of(ORPHAN, FOREGROUND));
    switch (effective) {
      case Orphan -> next.add(ORPHAN);
      case Foreground -> next.add(FOREGROUND);
      case Background -> {}
    }
    if (current.isEmpty() && next.isEmpty()) {
      return new Deletion(node.json(), store.handleDelete(node.path()).code() == 200);
    }
    if (node.beingDeleted() && new HashSet<>(next).equals(new HashSet<>(current))) {
      return new Deletion(node.json(), false);
    }
    ObjectNode object = node.object();
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    setOrRemove(metadata, "finalizers", next);
    if (!node.beingDeleted()) {
      metadata.put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      metadata.put("deletionGracePeriodSeconds", 0);
    }
    Optional<String> stored = update(node, object);
    return new Deletion(stored.orElse(node.json()), stored.isPresent());
  }

  /** The object as stored last, and whether the deletion changed the store. */
  private record Deletion(String json, boolean changed) {}

  /**
   * Collects until nothing is left to collect: each pass takes a fresh look at the store and makes
   * one change, as the collector's workers act on the latest state. Whether an object is left being
   * deleted (held by a finalizer), whose end the next write must look for.
   */
  private boolean collect() {
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      Graph graph = new Graph(snapshot());
      if (graph.nodes().stream().noneMatch(node -> attempt(node, graph))) {
        uids = uids(graph.nodes());
        return graph.nodes().stream().anyMatch(Node::beingDeleted);
      }
    }
    uids = uids(snapshot());
    return true;
  }

  /**
   * One step of garbagecollector.go's attemptToDeleteItem (objects with owners),
   * processDeletingDependentsItem (owners deleted in the foreground) or orphanDependents (owners
   * deleted with orphan); whether it changed the store.
   */
  private boolean attempt(Node node, Graph graph) {
    if (node.beingDeleted()) {
      if (node.finalizers().contains(FOREGROUND)) {
        boolean blocked =
            graph.dependents(node).stream().anyMatch(dependent -> dependent.blocks(node.uid()));
        return !blocked && withoutFinalizer(node, FOREGROUND);
      }
      if (node.finalizers().contains(ORPHAN)) {
        for (Node dependent : graph.dependents(node)) {
          if (withoutOwners(dependent, Set.of(node.uid()))) {
            return true;
          }
        }
        return withoutFinalizer(node, ORPHAN);
      }
      // Being deleted, held by someone else's finalizers: its dependents wait until it is gone.
      return false;
    }
    Set<String> gone = new HashSet<>();
    Set<String> waiting = new HashSet<>();
    boolean solid = false;
    for (OwnerReference reference : node.owners()) {
      Node owner = graph.byUid().get(reference.getUid());
      if (owner == null) {
        gone.add(reference.getUid());
      } else if (owner.beingDeleted() && owner.finalizers().contains(FOREGROUND)) {
        waiting.add(reference.getUid());
      } else {
        solid = true;
      }
    }
    if (gone.isEmpty() && waiting.isEmpty()) {
      return false;
    }
    if (solid) {
      gone.addAll(waiting);
      return withoutOwners(node, gone);
    }
    // An owner waits for its dependents: this one goes in the foreground too if it has any.
    boolean foreground = !waiting.isEmpty() && !graph.dependents(node).isEmpty();
    return delete(node, foreground ? Optional.of(Propagation.Foreground) : Optional.empty())
        .changed();
  }

  private boolean withoutFinalizer(Node node, String finalizer) {
    ObjectNode object = node.object();
    List<String> rest = new ArrayList<>(node.finalizers());
    rest.remove(finalizer);
    setOrRemove((ObjectNode) object.get("metadata"), "finalizers", rest);
    return update(node, object).isPresent();
  }

  private boolean withoutOwners(Node node, Set<String> uids) {
    ObjectNode object = node.object();
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    ArrayNode kept = metadata.arrayNode();
    for (JsonNode reference : metadata.path("ownerReferences")) {
      if (!uids.contains(reference.path("uid").asText())) {
        kept.add(reference);
      }
    }
    if (kept.isEmpty()) {
      metadata.remove("ownerReferences");
    } else {
      metadata.set("ownerReferences", kept);
    }
    return update(node, object).isPresent();
  }

  private static void setOrRemove(ObjectNode metadata, String field, List<String> values) {
    if (values.isEmpty()) {
      metadata.remove(field);
    } else {
      ArrayNode array = metadata.putArray(field);
      values.forEach(array::add);
    }
  }

  /**
   * A PUT of the whole object through the store (admission, resourceVersion check, watch events):
   * the object stored, or empty where the write failed; a PUT that leaves a deleted object without
   * finalizers removes it (the mock's PutHandler) and answers without a body.
   */
  private Optional<String> update(Node node, ObjectNode object) {
    MockResponse response =
        store.handleUpdate(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.PUT,
                node.path(),
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer().writeUtf8(Serialization.asJson(object))));
    if (response.code() / 100 != 2) {
      return Optional.empty();
    }
    String body = response.getBody() == null ? "" : response.getBody().readUtf8();
    return Optional.of(body.isEmpty() ? Serialization.asJson(object) : body);
  }

  private List<Node> snapshot() {
    Map<AttributeSet, String> map = store.getMap();
    Map<AttributeSet, String> copy;
    synchronized (map) {
      copy = new LinkedHashMap<>(map);
    }
    List<Node> nodes = new ArrayList<>();
    copy.forEach((key, json) -> Node.of(key, json).ifPresent(nodes::add));
    return nodes;
  }

  /** Only metadata is read of every stored object, the rest of it skipped. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record Head(ObjectMeta metadata) {}

  /** A stored object: its key in the store, its JSON, and its metadata. */
  private record Node(AttributeSet key, String json, ObjectMeta metadata, String path) {

    static Optional<Node> of(AttributeSet key, String json) {
      String plural = value(key, "plural");
      String version = value(key, "version");
      String name = value(key, "name");
      if (plural == null || version == null || name == null) {
        return Optional.empty();
      }
      ObjectMeta metadata;
      try {
        metadata = Serialization.jsonMapper().readValue(json, Head.class).metadata();
      } catch (JsonProcessingException unreadable) {
        return Optional.empty();
      }
      if (metadata == null) {
        return Optional.empty();
      }
      String group = value(key, "api");
      String namespace = value(key, "namespace");
      String path =
          (group == null ? "/api/" + version : "/apis/" + group + "/" + version)
              + (namespace == null ? "" : "/namespaces/" + namespace)
              + "/"
              + plural
              + "/"
              + name;
      return Optional.of(new Node(key, json, metadata, path));
    }

    private static String value(AttributeSet key, String name) {
      Attribute attribute = key.getAttribute(name);
      return attribute == null || attribute.getValues().isEmpty()
          ? null
          : attribute.getValues().get(0).toString();
    }

    String uid() {
      return metadata.getUid();
    }

    boolean beingDeleted() {
      return metadata.getDeletionTimestamp() != null;
    }

    List<String> finalizers() {
      return Objects.requireNonNullElse(metadata.getFinalizers(), List.of());
    }

    List<OwnerReference> owners() {
      return Objects.requireNonNullElse(metadata.getOwnerReferences(), List.of());
    }

    /** Whether this object's reference to owner holds the owner's foreground deletion. */
    boolean blocks(String owner) {
      return owners().stream()
          .anyMatch(
              r -> owner.equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
    }

    ObjectNode object() {
      return (ObjectNode) Serialization.unmarshal(json, JsonNode.class);
    }
  }

  /** The store at one moment, with each object's dependents by owner uid. */
  private record Graph(List<Node> nodes, Map<String, Node> byUid, Map<String, List<Node>> owned) {

    Graph(List<Node> nodes) {
      this(nodes, new HashMap<>(), new HashMap<>());
      for (Node node : nodes) {
        if (node.uid() != null) {
          byUid.put(node.uid(), node);
        }
        for (OwnerReference reference : node.owners()) {
          owned.computeIfAbsent(reference.getUid(), uid -> new ArrayList<>()).add(node);
        }
      }
    }

    List<Node> dependents(Node owner) {
      return owner.uid() == null ? List.of() : owned.getOrDefault(owner.uid(), List.of());
    }
  }
}
