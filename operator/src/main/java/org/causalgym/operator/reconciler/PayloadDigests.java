package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.causalgym.operator.desired.GrafanaDashboard;
import org.causalgym.operator.desired.JsonMapping;
import org.causalgym.operator.desired.Sha256;

/**
 * What the informers keep of the owned objects' large payloads: their SHA-256, computed as each
 * object is read, not the payload. The operator only compares these payloads and writes the desired
 * one whole, never merging into them, so comparing digests finds every change, a hand edit
 * included, and the caches hold a few dozen bytes instead of a dashboard, a rule file or a
 * configuration file per resource.
 *
 * <ul>
 *   <li>the whole spec of the prometheus-operator's kinds the operator writes (a rule file, a
 *       scrape configuration, a route tree), which it owns with no path tolerated, yielded,
 *       generated or immutable ({@code PayloadDigestsTest} holds every registry entry of these
 *       kinds to that);
 *   <li>each value over {@link #LARGEST_KEPT_WHOLE} characters of a ConfigMap's or Secret's data
 *       (the dashboards, the plain form's rule and configuration files) and a GrafanaDashboard's
 *       JSON. The one value the operator keeps from the cluster, a generated password, is far below
 *       that and stays whole.
 * </ul>
 */
final class PayloadDigests {

  /**
   * Values up to this many characters are cached as they are: a digest saves nothing on small
   * values, and generated passwords (32 characters, 44 in base64) must stay readable.
   */
  static final int LARGEST_KEPT_WHOLE = 512;

  /** Starts a digest that stands for a value: a prefix no dashboard, rule or configuration has. */
  static final String MARKER = "causal-gym.org/sha256:";

  /**
   * The field that stands for a digested spec: unknown to the kinds' models, so kept among their
   * additional properties, and never written (see {@link #digestAt}).
   */
  static final String SPEC_DIGEST = "causal-gym.org/spec-sha256";

  /** The kinds whose whole spec is cached as a digest. */
  static final Set<Class<? extends HasMetadata>> WHOLE_SPEC =
      Set.of(ServiceMonitor.class, PrometheusRule.class, AlertmanagerConfig.class);

  /**
   * The large text values cached as digests, as paths from the object's root, by kind; {@code *}
   * stands for every key of a map. Secret's stringData is write-only and never read back.
   */
  private static final Map<Class<? extends HasMetadata>, List<List<String>>> LARGE_VALUES =
      Map.of(
          ConfigMap.class,
          List.of(List.of("data", "*"), List.of("binaryData", "*")),
          Secret.class,
          List.of(List.of("data", "*")),
          GrafanaDashboard.class,
          List.of(List.of("spec", "json")));

  /** One value at a large-value path: where it is held, and its dotted path for messages. */
  private record LargeValue(ObjectNode holder, String key, String path) {
    JsonNode value() {
      return holder.get(key);
    }
  }

  private static final ObjectMapper JSON = JsonMapping.JSON;

  private PayloadDigests() {}

  /** Whether objects of the type have a payload cached as a digest. */
  static boolean digests(Class<? extends HasMetadata> type) {
    return WHOLE_SPEC.contains(type) || LARGE_VALUES.containsKey(type);
  }

  /**
   * The informer's store for objects of this type: each object stored in its {@link #comparable}
   * form; none for kinds without a digested payload. The store is Fabric8's own, so the informer
   * keeps its full-state semantics: Fabric8 7.5.2's ProcessorStore defers the list's ADD events
   * until the list is complete only for a store whose isFullState() is true, which JOSDK 5.2.3's
   * TransformingItemStore is not.
   */
  static <R extends HasMetadata> Optional<ItemStore<R>> itemStore(
      Class<R> type, KubernetesSerialization json) {
    if (!digests(type)) {
      return Optional.empty();
    }
    return Optional.of(
        new BasicItemStore<R>(Cache::metaNamespaceKeyFunc) {
          @Override
          public R put(String key, R object) {
            return super.put(
                key,
                json.convertValue(
                    comparable(type, json.convertValue(object, JsonNode.class)), type));
          }
        });
  }

  /**
   * The client's reading of the kinds whose whole spec is cached as a digest: the spec is digested
   * from the JSON as it arrives, in watch events and in the answers to writes alike, and never read
   * into the model. Jackson builds the reader of a class with the readers of every class it can
   * hold; for an AlertmanagerConfig's spec (every receiver type with its HTTP and TLS settings)
   * that is some 60 classes and 2 MiB of heap, spent to be thrown away on the digest. A client
   * without this module reads the spec and the informer's store digests it ({@link #itemStore}):
   * the same comparable form.
   */
  static Module specsReadAsDigests() {
    SimpleModule module = new SimpleModule("specs-read-as-digests");
    for (Class<? extends HasMetadata> type : WHOLE_SPEC) {
      module.setMixInAnnotation(type, SpecNotRead.class);
    }
    module.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config,
              BeanDescription description,
              JsonDeserializer<?> reader) {
            return WHOLE_SPEC.contains(description.getBeanClass())
                ? new SpecAsDigest(description.getBeanClass().asSubclass(HasMetadata.class), reader)
                : reader;
          }
        });
    return module;
  }

  /**
   * Leaves the spec out of the model's reading, so that Jackson builds no reader for it; it is
   * still written.
   */
  @JsonIgnoreProperties(value = "spec", allowGetters = true)
  private abstract static class SpecNotRead {}

  /** A whole-spec kind's reader that replaces the spec by its digest before the model reads it. */
  private static final class SpecAsDigest extends DelegatingDeserializer {

    private final Class<? extends HasMetadata> type;

    SpecAsDigest(Class<? extends HasMetadata> type, JsonDeserializer<?> reader) {
      super(reader);
      this.type = type;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> reader) {
      return new SpecAsDigest(type, reader);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      JsonNode object = comparable(type, context.readTree(parser));
      try (JsonParser digested = object.traverse(parser.getCodec())) {
        digested.nextToken();
        return super.deserialize(digested, context);
      }
    }
  }

  /**
   * The object's JSON with its large payloads replaced by their digests, as the informer caches it;
   * the same for an object already in that form.
   */
  static JsonNode comparable(Class<? extends HasMetadata> type, JsonNode object) {
    if (!(object instanceof ObjectNode root)) {
      return object;
    }
    if (WHOLE_SPEC.contains(type) && root.has("spec")) {
      JsonNode spec = root.remove("spec");
      if (!spec.isNull()) {
        root.put(SPEC_DIGEST, sha256(serialized(spec)));
      }
    }
    for (LargeValue value : largeValues(type, root)) {
      value.holder().set(value.key(), digested(value.value()));
    }
    return object;
  }

  /**
   * Where a write would carry a digest instead of its payload: a bug, the cluster's payload would
   * be lost.
   */
  static Optional<String> digestAt(Class<? extends HasMetadata> type, JsonNode object) {
    if (object.has(SPEC_DIGEST)) {
      return Optional.of(SPEC_DIGEST);
    }
    return largeValues(type, object).stream()
        .filter(value -> isDigest(value.value()))
        .map(LargeValue::path)
        .findFirst();
  }

  /** The values at the kind's large-value paths that the object holds. */
  private static List<LargeValue> largeValues(Class<? extends HasMetadata> type, JsonNode root) {
    List<LargeValue> found = new ArrayList<>();
    for (List<String> path : LARGE_VALUES.getOrDefault(type, List.of())) {
      collect(root, path, "", found);
    }
    return found;
  }

  private static void collect(JsonNode node, List<String> path, String at, List<LargeValue> found) {
    if (!(node instanceof ObjectNode holder)) {
      return;
    }
    String field = path.get(0);
    List<String> keys = new ArrayList<>();
    if (field.equals("*")) {
      holder.fieldNames().forEachRemaining(keys::add);
    } else if (holder.has(field)) {
      keys.add(field);
    }
    for (String key : keys) {
      String dotted = at.isEmpty() ? key : at + "." + key;
      if (path.size() == 1) {
        found.add(new LargeValue(holder, key, dotted));
      } else {
        collect(holder.get(key), path.subList(1, path.size()), dotted, found);
      }
    }
  }

  /**
   * A difference as a person reads it: a digested spec differs somewhere in its spec, which is all
   * the digests tell.
   */
  static String named(String difference) {
    return difference.startsWith(SPEC_DIGEST)
        ? "spec" + difference.substring(SPEC_DIGEST.length())
        : difference;
  }

  private static boolean isDigest(JsonNode value) {
    return value.isTextual() && value.asText().startsWith(MARKER);
  }

  /** A large text value's digest; a small value, a digest or a non-text value as it is. */
  private static JsonNode digested(JsonNode value) {
    if (!value.isTextual() || value.asText().length() <= LARGEST_KEPT_WHOLE || isDigest(value)) {
      return value;
    }
    return TextNode.valueOf(sha256(value.asText().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The spec in a form that does not depend on how it was read: keys sorted, nulls and empty lists
   * and objects left out, numbers by value. A spec is digested from the API's own JSON where the
   * client reads it as a digest ({@link #specsReadAsDigests}) and from the model's JSON elsewhere
   * (the desired object, a client without that module). The model writes fields in its declared
   * order and leaves out nulls and empty lists and maps (Fabric8 7.5.2's generated models, {@code
   * JsonInclude NON_NULL} and {@code NON_EMPTY}); an API server writes a custom resource's keys
   * sorted (Go's encoding/json sorts map keys) and a float without its fraction when it has none.
   */
  private static byte[] serialized(JsonNode value) {
    try {
      return JSON.writeValueAsBytes(canonical(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** The value in canonical form, see {@link #serialized}; null where it is left out. */
  private static JsonNode canonical(JsonNode value) {
    if (value.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      value.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
      ObjectNode sorted = JSON.createObjectNode();
      fields.forEach(
          (key, field) -> {
            JsonNode kept = canonical(field);
            if (kept != null) {
              sorted.set(key, kept);
            }
          });
      return sorted.isEmpty() ? null : sorted;
    }
    if (value.isArray()) {
      ArrayNode items = JSON.createArrayNode();
      value.forEach(
          item -> items.add(Objects.requireNonNullElse(canonical(item), NullNode.instance)));
      return items.isEmpty() ? null : items;
    }
    if (value.isNumber()) {
      return DecimalNode.valueOf(value.decimalValue().stripTrailingZeros());
    }
    return value.isNull() ? null : value;
  }

  private static String sha256(byte[] bytes) {
    return MARKER + HexFormat.of().formatHex(Sha256.of(bytes));
  }
}
