package org.causalgym.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which fields of an owned object are the operator's, and so compared both ways with what its
 * builder writes: every field of the object's content (spec, data, ...) and the whole label map.
 * The exceptions are paths where the API server or another controller may hold a value the builder
 * leaves unset (server defaults, annotations of other tools, replicas under an autoscaler): there a
 * value the builder does not write is tolerated and kept on update. Without Server-Side Apply this
 * is what makes a removal from the spec a removal from the object, and a hand edit a drift.
 *
 * <p>Paths are dotted field names from the object root; {@code *} stands for any map key or list
 * index.
 */
public final class OwnedFields {

  /** Metadata the operator compares; the rest of metadata belongs to the API server. */
  private static final List<String> OWNED_METADATA =
      List.of("labels", "annotations", "ownerReferences");

  /** Top-level fields that are never the operator's. */
  private static final Set<String> NOT_OWNED_TOP_LEVEL = Set.of("metadata", "status");

  private final List<String[]> tolerated;
  private final List<String[]> yielded;
  private final List<String[]> quantities;
  private final List<String[]> immutable;
  private final List<String[]> generated;

  private OwnedFields(
      List<String[]> tolerated,
      List<String[]> yielded,
      List<String[]> quantities,
      List<String[]> immutable,
      List<String[]> generated) {
    this.tolerated = tolerated;
    this.yielded = yielded;
    this.quantities = quantities;
    this.immutable = immutable;
    this.generated = generated;
  }

  /**
   * Ownership of everything the builder writes. Annotations are shared with other tools (the
   * Deployment controller, kubectl, JOSDK itself), so only the keys the builder writes are owned.
   */
  public static OwnedFields everythingWritten() {
    return new OwnedFields(
        plus(List.of(), "metadata.annotations.*"), List.of(), List.of(), List.of(), List.of());
  }

  /** The same ownership, tolerating values the builder leaves unset at these paths. */
  public OwnedFields tolerating(String... paths) {
    return new OwnedFields(plus(tolerated, paths), yielded, quantities, immutable, generated);
  }

  /**
   * The same ownership, leaving these paths to another controller (replicas to an autoscaler): the
   * builder's value is written when the object is created, and never compared or written again.
   */
  public OwnedFields yieldingTo(String... paths) {
    return new OwnedFields(tolerated, plus(yielded, paths), quantities, immutable, generated);
  }

  /**
   * The same ownership, comparing the values at these paths as Kubernetes quantities: the API
   * server rewrites them in canonical form (cpu 0.5 becomes 500m), which is no change.
   */
  public OwnedFields withQuantitiesAt(String... paths) {
    return new OwnedFields(tolerated, yielded, plus(quantities, paths), immutable, generated);
  }

  /**
   * The same ownership, where the API server refuses to change the values at these paths (its
   * update validation, or a CEL transition rule of another operator's CRD): a change there replaces
   * the object.
   */
  public OwnedFields immutableAt(String... paths) {
    return new OwnedFields(tolerated, yielded, quantities, plus(immutable, paths), generated);
  }

  /**
   * The same ownership, with a Secret data key at each path that gets a random value when the
   * object is created and is never compared or changed after: a generated password.
   */
  public OwnedFields generating(String... paths) {
    return new OwnedFields(
        plus(tolerated, paths), yielded, quantities, immutable, plus(generated, paths));
  }

  /** The paths {@link #generating} declared, as field lists from the object root. */
  public List<List<String>> generatedPaths() {
    return generated.stream().map(List::of).toList();
  }

  /**
   * The first immutable path at which actual differs from desired, compared as the owned fields are
   * (server-filled values on tolerated paths and rewritten quantities are no change): the object
   * must be replaced.
   */
  public Optional<String> immutableDifference(JsonNode desired, JsonNode actual) {
    for (String[] path : immutable) {
      List<String> fields = List.of(path);
      Optional<String> difference =
          compare(new ArrayList<>(fields), at(desired, fields), at(actual, fields));
      if (difference.isPresent()) {
        return Optional.of(difference.get() + ", which cannot be changed in place");
      }
    }
    return Optional.empty();
  }

  private static List<String[]> plus(List<String[]> patterns, String... paths) {
    List<String[]> more = new ArrayList<>(patterns);
    for (String path : paths) {
      more.add(path.split("\\."));
    }
    return List.copyOf(more);
  }

  /**
   * The first owned field in which actual differs from desired, as a dotted path with what differs,
   * or empty when actual holds exactly what the operator wants there.
   */
  public Optional<String> firstDifference(JsonNode desired, JsonNode actual) {
    for (List<String> root : ownedRoots(desired, actual)) {
      Optional<String> difference =
          compare(new ArrayList<>(root), at(desired, root), at(actual, root));
      if (difference.isPresent()) {
        return difference;
      }
    }
    return Optional.empty();
  }

  /**
   * What to write so that actual reaches the desired state: desired's owned fields, actual's values
   * at tolerated paths desired leaves unset, and actual's metadata (resourceVersion, uid, ...) with
   * desired's labels, annotations and owner references.
   */
  public ObjectNode merged(JsonNode desired, JsonNode actual) {
    ObjectNode result = desired.deepCopy();
    ObjectNode metadata = actual.path("metadata").deepCopy();
    for (String field : OWNED_METADATA) {
      JsonNode wanted = desired.path("metadata").path(field);
      if (isAbsent(wanted)) {
        metadata.remove(field);
      } else {
        metadata.set(field, wanted.deepCopy());
      }
    }
    result.set("metadata", metadata);
    for (List<String> root : ownedRoots(desired, actual)) {
      List<String> parent = root.subList(0, root.size() - 1);
      keepTolerated(new ArrayList<>(root), (ObjectNode) at(result, parent), at(actual, parent));
    }
    return result;
  }

  /**
   * The paths of the owned subtrees: metadata's owned fields and the content's top-level fields.
   */
  private static List<List<String>> ownedRoots(JsonNode desired, JsonNode actual) {
    List<List<String>> roots = new ArrayList<>();
    for (String field : OWNED_METADATA) {
      roots.add(List.of("metadata", field));
    }
    for (String field : union(desired, actual)) {
      if (!NOT_OWNED_TOP_LEVEL.contains(field)) {
        roots.add(List.of(field));
      }
    }
    return roots;
  }

  private static JsonNode at(JsonNode node, List<String> path) {
    JsonNode at = node;
    for (String field : path) {
      at = at.path(field);
    }
    return at;
  }

  /**
   * Copies into parent, at the last name of path, what actual's parent holds there on tolerated
   * paths that parent leaves unset.
   */
  private void keepTolerated(List<String> path, ObjectNode parent, JsonNode actualParent) {
    String name = path.get(path.size() - 1);
    JsonNode target = parent.path(name);
    JsonNode actual = actualParent.path(name);
    if (matches(yielded, path) && !isAbsent(actual)) {
      parent.set(name, actual.deepCopy());
    } else if (isAbsent(target)) {
      JsonNode kept = tolerated(path, actual);
      if (kept != null) {
        parent.set(name, kept);
      }
    } else if (target.isObject() && actual.isObject()) {
      for (String field : union(target, actual)) {
        path.add(field);
        keepTolerated(path, (ObjectNode) target, actual);
        path.remove(path.size() - 1);
      }
    } else if (target.isArray() && actual.isArray()) {
      for (int i = 0; i < Math.min(target.size(), actual.size()); i++) {
        if (target.get(i).isObject() && actual.get(i).isObject()) {
          path.add(Integer.toString(i));
          for (String field : union(target.get(i), actual.get(i))) {
            path.add(field);
            keepTolerated(path, (ObjectNode) target.get(i), actual.get(i));
            path.remove(path.size() - 1);
          }
          path.remove(path.size() - 1);
        }
      }
    }
  }

  /** The part of actual that lies on tolerated paths, or null where there is none. */
  private JsonNode tolerated(List<String> path, JsonNode actual) {
    if (isAbsent(actual)) {
      return null;
    }
    if (matches(tolerated, path)) {
      return actual.deepCopy();
    }
    if (!actual.isObject()) {
      return null;
    }
    ObjectNode kept = ((ObjectNode) actual).objectNode();
    for (Iterator<String> names = actual.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      path.add(field);
      JsonNode child = tolerated(path, actual.get(field));
      path.remove(path.size() - 1);
      if (child != null) {
        kept.set(field, child);
      }
    }
    return kept.isEmpty() ? null : kept;
  }

  /** The first value of actual outside the tolerated paths, where desired wants nothing. */
  private Optional<String> unwanted(List<String> path, JsonNode actual) {
    if (isAbsent(actual) || matches(tolerated, path)) {
      return Optional.empty();
    }
    if (!actual.isObject()) {
      return difference(path, "not wanted");
    }
    for (Iterator<String> names = actual.fieldNames(); names.hasNext(); ) {
      path.add(names.next());
      Optional<String> difference = unwanted(path, actual.get(path.get(path.size() - 1)));
      path.remove(path.size() - 1);
      if (difference.isPresent()) {
        return difference;
      }
    }
    return Optional.empty();
  }

  private Optional<String> compare(List<String> path, JsonNode desired, JsonNode actual) {
    if (matches(yielded, path)) {
      return Optional.empty();
    }
    if (isAbsent(desired)) {
      return unwanted(path, actual);
    }
    if (isAbsent(actual)) {
      return difference(path, "missing");
    }
    if (desired.isObject()) {
      if (!actual.isObject()) {
        return difference(path, "not an object");
      }
      for (String field : union(desired, actual)) {
        path.add(field);
        Optional<String> difference = compare(path, desired.path(field), actual.path(field));
        path.remove(path.size() - 1);
        if (difference.isPresent()) {
          return difference;
        }
      }
      return Optional.empty();
    }
    if (desired.isArray()) {
      if (!actual.isArray() || actual.size() != desired.size()) {
        return difference(path, actual.size() + " entries where " + desired.size() + " are wanted");
      }
      for (int i = 0; i < desired.size(); i++) {
        path.add(Integer.toString(i));
        Optional<String> difference = compare(path, desired.get(i), actual.get(i));
        path.remove(path.size() - 1);
        if (difference.isPresent()) {
          return difference;
        }
      }
      return Optional.empty();
    }
    return sameValue(path, desired, actual) ? Optional.empty() : difference(path, "changed");
  }

  private boolean sameValue(List<String> path, JsonNode desired, JsonNode actual) {
    if (desired.isNumber() && actual.isNumber()) {
      return desired.decimalValue().compareTo(actual.decimalValue()) == 0;
    }
    if (desired.isTextual() && actual.isTextual() && matches(quantities, path)) {
      try {
        return new Quantity(desired.asText())
                .getNumericalAmount()
                .compareTo(new Quantity(actual.asText()).getNumericalAmount())
            == 0;
      } catch (RuntimeException notAQuantity) {
        return desired.equals(actual);
      }
    }
    return desired.equals(actual);
  }

  private static Optional<String> difference(List<String> path, String what) {
    return Optional.of(String.join(".", path) + ": " + what);
  }

  /** Missing, null and empty are the same to the API: Fabric8 leaves empty maps and lists out. */
  private static boolean isAbsent(JsonNode node) {
    return node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty());
  }

  private static Set<String> union(JsonNode desired, JsonNode actual) {
    Set<String> fields = new LinkedHashSet<>();
    desired.fieldNames().forEachRemaining(fields::add);
    actual.fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  private static boolean matches(List<String[]> patterns, List<String> path) {
    for (String[] pattern : patterns) {
      if (pattern.length == path.size()) {
        boolean all = true;
        for (int i = 0; i < pattern.length && all; i++) {
          all = pattern[i].equals("*") || pattern[i].equals(path.get(i));
        }
        if (all) {
          return true;
        }
      }
    }
    return false;
  }
}
