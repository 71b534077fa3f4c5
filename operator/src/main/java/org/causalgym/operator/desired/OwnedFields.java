package org.causalgym.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which fields of an owned object are the operator's, and so compared both ways with what its
 * builder writes: every field of the object's content (spec, data, ...), and of its metadata only
 * the label and annotation keys it sets and its own owner reference. The exceptions are paths where
 * the API server or another controller may hold a value the builder leaves unset (server defaults,
 * pull secrets an OpenShift controller adds, replicas under an autoscaler): there a value the
 * builder does not write is tolerated and kept on update. Without Server-Side Apply this is what
 * makes a removal from the spec a removal from the object, and a hand edit a drift.
 *
 * <p>Other writers (a mutating webhook, a GitOps tool, a cost-allocation controller) share the
 * label and annotation maps and the owner references: the keys the builder set are recorded on the
 * object in the annotation {@value #OWNED_KEYS_ANNOTATION}, so that a key the builder set before
 * and no longer sets is removed, while every key it never set is left to whoever set it.
 *
 * <p>Paths are dotted field names from the object root; {@code *} stands for any map key or list
 * index.
 */
public final class OwnedFields {

  /**
   * The annotation recording, as JSON {@code {"labels":[...],"annotations":[...]}}, the label and
   * annotation keys the operator set on the object when it last wrote it: like kubectl's
   * last-applied-configuration, but only the keys, as only they tell ours from other writers'.
   */
  public static final String OWNED_KEYS_ANNOTATION = "causal-gym.org/owned-keys";

  private static final ObjectMapper JSON = JsonMapping.JSON;

  /** The metadata maps whose keys are shared with other writers; the record names ours. */
  private static final List<String> KEYED_METADATA = List.of("labels", "annotations");

  private static final String OWNER_REFERENCES = "ownerReferences";

  /** Top-level fields that are never the operator's. */
  private static final Set<String> NOT_OWNED_TOP_LEVEL = Set.of("metadata", "status");

  private final List<String[]> tolerated;
  private final List<String[]> yielded;
  private final List<String[]> quantities;
  private final List<String[]> immutable;
  private final List<String[]> generated;
  private final List<String[]> omittedWhenZero;
  private final List<String[]> derived;

  private OwnedFields(
      List<String[]> tolerated,
      List<String[]> yielded,
      List<String[]> quantities,
      List<String[]> immutable,
      List<String[]> generated,
      List<String[]> omittedWhenZero,
      List<String[]> derived) {
    this.tolerated = tolerated;
    this.yielded = yielded;
    this.quantities = quantities;
    this.immutable = immutable;
    this.generated = generated;
    this.omittedWhenZero = omittedWhenZero;
    this.derived = derived;
  }

  /**
   * Ownership of everything the builder writes; of the label and annotation maps only the keys it
   * writes (the Deployment controller, kubectl, webhooks and JOSDK itself add theirs).
   */
  public static OwnedFields everythingWritten() {
    return new OwnedFields(
        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** The same ownership, tolerating values the builder leaves unset at these paths. */
  public OwnedFields tolerating(String... paths) {
    return new OwnedFields(
        plus(tolerated, paths),
        yielded,
        quantities,
        immutable,
        generated,
        omittedWhenZero,
        derived);
  }

  /**
   * The same ownership, leaving these paths to another controller (replicas to an autoscaler): the
   * builder's value is written when the object is created, and never compared or written again.
   */
  public OwnedFields yieldingTo(String... paths) {
    return new OwnedFields(
        tolerated,
        plus(yielded, paths),
        quantities,
        immutable,
        generated,
        omittedWhenZero,
        derived);
  }

  /**
   * The same ownership, comparing the values at these paths as Kubernetes quantities: the API
   * server rewrites them in canonical form (cpu 0.5 becomes 500m), which is no change.
   */
  public OwnedFields withQuantitiesAt(String... paths) {
    return new OwnedFields(
        tolerated,
        yielded,
        plus(quantities, paths),
        immutable,
        generated,
        omittedWhenZero,
        derived);
  }

  /**
   * The same ownership, where the API server refuses to change the values at these paths (its
   * update validation, or a CEL transition rule of another operator's CRD): a change there replaces
   * the object.
   */
  public OwnedFields immutableAt(String... paths) {
    return new OwnedFields(
        tolerated,
        yielded,
        quantities,
        plus(immutable, paths),
        generated,
        omittedWhenZero,
        derived);
  }

  /**
   * The same ownership, with a Secret data key at each path that gets a random value when the
   * object is created and is never compared or changed after: a generated password.
   */
  public OwnedFields generating(String... paths) {
    return new OwnedFields(
        plus(tolerated, paths),
        yielded,
        quantities,
        immutable,
        plus(generated, paths),
        omittedWhenZero,
        derived);
  }

  /**
   * The same ownership, where the API server stores a zero value ({@code ""}, 0, false) at these
   * paths as no value, so that a desired zero value matches an absent one. These are the fields of
   * a built-in kind whose Go type is a value (string, int32, bool, not a pointer) tagged {@code
   * omitempty}: the API server decodes an absent field and a zero one alike into the Go zero value
   * and encoding/json leaves that out when it answers. Declared by path, not for every zero:
   * pointer fields keep 0 and false, and there an absent value means something else (an absent
   * {@code allowPrivilegeEscalation} is not false), so a hand edit removing them is a drift. Custom
   * resources are stored as sent (apiextensions-apiserver keeps the JSON), so none is declared for
   * them.
   */
  public OwnedFields omittingZeroAt(String... paths) {
    return new OwnedFields(
        tolerated,
        yielded,
        quantities,
        immutable,
        generated,
        plus(omittedWhenZero, paths),
        derived);
  }

  /**
   * The same ownership, where the API server derives the values at these paths from another field
   * whenever it answers (a pod's deprecated {@code serviceAccount}, copied from {@code
   * serviceAccountName}): never compared, and never written, so that the field they are derived
   * from decides. Written back, such a value would bring back the value of its field that the write
   * is meant to put right.
   */
  public OwnedFields derivedAt(String... paths) {
    return new OwnedFields(
        tolerated,
        yielded,
        quantities,
        immutable,
        generated,
        omittedWhenZero,
        plus(derived, paths));
  }

  /**
   * Records in desired's annotations the label and annotation keys it sets, which the next
   * comparison and update take as the operator's (see {@link #OWNED_KEYS_ANNOTATION}).
   */
  public static void recordOwnedKeys(HasMetadata desired) {
    ObjectMeta metadata = desired.getMetadata();
    Map<String, String> annotations =
        metadata.getAnnotations() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(metadata.getAnnotations());
    annotations.remove(OWNED_KEYS_ANNOTATION);
    ObjectNode record = JSON.createObjectNode();
    keys(record.putArray("labels"), metadata.getLabels());
    keys(record.putArray("annotations"), annotations);
    annotations.put(OWNED_KEYS_ANNOTATION, record.toString());
    metadata.setAnnotations(annotations);
  }

  private static void keys(ArrayNode array, Map<String, String> map) {
    if (map != null) {
      new TreeSet<>(map.keySet()).forEach(array::add);
    }
  }

  /** The keys of metadata's field (labels or annotations) that its record says are ours. */
  private static Set<String> recordedKeys(JsonNode object, String field) {
    JsonNode record = object.path("metadata").path("annotations").path(OWNED_KEYS_ANNOTATION);
    Set<String> keys = new LinkedHashSet<>();
    if (record.isTextual()) {
      try {
        JSON.readTree(record.asText()).path(field).forEach(key -> keys.add(key.asText()));
      } catch (JsonProcessingException unreadable) {
        // A record edited into nonsense names no key; the next write records ours again.
      }
    }
    return keys;
  }

  /** The paths {@link #generating} declared, as field lists from the object root. */
  public List<List<String>> generatedPaths() {
    return generated.stream().map(List::of).toList();
  }

  /**
   * Whether the builder's value of the top-level field is the whole of it, compared and written as
   * one: no path under it tolerated, yielded, generated, derived, immutable, compared as a quantity
   * or omitted when zero. Only then may it be compared by a digest.
   */
  public boolean ownsWhole(String field) {
    return Stream.of(tolerated, yielded, quantities, immutable, generated, omittedWhenZero, derived)
        .flatMap(List::stream)
        .noneMatch(path -> path[0].equals(field) || path[0].equals("*"));
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
    for (String field : KEYED_METADATA) {
      Optional<String> difference = keyedDifference(field, desired, actual);
      if (difference.isPresent()) {
        return difference;
      }
    }
    Optional<String> reference = ownerReferenceDifference(desired, actual);
    if (reference.isPresent()) {
      return reference;
    }
    for (List<String> root : contentRoots(desired, actual)) {
      Optional<String> difference =
          compare(new ArrayList<>(root), at(desired, root), at(actual, root));
      if (difference.isPresent()) {
        return difference;
      }
    }
    return Optional.empty();
  }

  /**
   * A label or annotation that differs: one of desired's keys missing or changed, or a key actual's
   * record says the operator set that desired no longer sets. Keys of other writers do not count.
   */
  private Optional<String> keyedDifference(String field, JsonNode desired, JsonNode actual) {
    JsonNode wanted = desired.path("metadata").path(field);
    JsonNode held = actual.path("metadata").path(field);
    Set<String> recorded = recordedKeys(actual, field);
    for (String key : union(wanted, held)) {
      List<String> path = new ArrayList<>(List.of("metadata", field, key));
      if (wanted.has(key)) {
        Optional<String> difference = compare(path, wanted.get(key), held.path(key));
        if (difference.isPresent()) {
          return difference;
        }
      } else if (recorded.contains(key)) {
        return difference(path, "set before, no longer wanted");
      }
    }
    return Optional.empty();
  }

  /** Desired's owner references (the operator's own) missing from actual or different there. */
  private Optional<String> ownerReferenceDifference(JsonNode desired, JsonNode actual) {
    JsonNode held = actual.path("metadata").path(OWNER_REFERENCES);
    for (JsonNode wanted : desired.path("metadata").path(OWNER_REFERENCES)) {
      String uid = wanted.path("uid").asText();
      List<String> path = new ArrayList<>(List.of("metadata", OWNER_REFERENCES, uid));
      Optional<String> difference = compare(path, wanted, withUid(held, uid));
      if (difference.isPresent()) {
        return difference;
      }
    }
    return Optional.empty();
  }

  private static JsonNode withUid(JsonNode references, String uid) {
    for (JsonNode reference : references) {
      if (reference.path("uid").asText().equals(uid)) {
        return reference;
      }
    }
    return MissingNode.getInstance();
  }

  /**
   * What to write so that actual reaches the desired state: desired's owned fields, actual's values
   * at tolerated paths desired leaves unset, and actual's metadata (resourceVersion, uid, ...) with
   * desired's labels, annotations and owner references put over the others' and the keys the
   * operator set before and no longer sets removed.
   */
  public ObjectNode merged(JsonNode desired, JsonNode actual) {
    ObjectNode result = desired.deepCopy();
    ObjectNode metadata = actual.path("metadata").deepCopy();
    for (String field : KEYED_METADATA) {
      ObjectNode map =
          metadata.path(field).isObject()
              ? (ObjectNode) metadata.get(field)
              : JSON.createObjectNode();
      map.remove(recordedKeys(actual, field));
      desired
          .path("metadata")
          .path(field)
          .properties()
          .forEach(e -> map.set(e.getKey(), e.getValue()));
      setOrRemove(metadata, field, map);
    }
    ArrayNode references = JSON.createArrayNode();
    JsonNode wanted = desired.path("metadata").path(OWNER_REFERENCES);
    for (JsonNode reference : actual.path("metadata").path(OWNER_REFERENCES)) {
      JsonNode ours = withUid(wanted, reference.path("uid").asText());
      references.add(ours.isMissingNode() ? reference : ours);
    }
    for (JsonNode reference : wanted) {
      if (withUid(references, reference.path("uid").asText()).isMissingNode()) {
        references.add(reference);
      }
    }
    setOrRemove(metadata, OWNER_REFERENCES, references);
    result.set("metadata", metadata);
    for (List<String> root : contentRoots(desired, actual)) {
      keepTolerated(new ArrayList<>(root), result, actual);
    }
    return result;
  }

  private static void setOrRemove(ObjectNode parent, String field, JsonNode value) {
    if (isAbsent(value)) {
      parent.remove(field);
    } else {
      parent.set(field, value);
    }
  }

  /** The paths of the content's top-level fields: what is neither metadata nor status. */
  private static List<List<String>> contentRoots(JsonNode desired, JsonNode actual) {
    List<List<String>> roots = new ArrayList<>();
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
    if (isAbsent(actual) || matches(tolerated, path) || matches(derived, path)) {
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
    if (matches(yielded, path) || matches(derived, path)) {
      return Optional.empty();
    }
    if (isAbsent(desired)) {
      return unwanted(path, actual);
    }
    if (isAbsent(actual)) {
      return isZero(desired) && matches(omittedWhenZero, path)
          ? Optional.empty()
          : difference(path, "missing");
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

  /** The value Go's encoding/json leaves out of an omitempty field of a value type. */
  private static boolean isZero(JsonNode value) {
    return (value.isTextual() && value.asText().isEmpty())
        || (value.isNumber() && value.decimalValue().signum() == 0)
        || (value.isBoolean() && !value.asBoolean());
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
