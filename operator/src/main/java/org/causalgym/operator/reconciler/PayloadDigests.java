package org.causalgym.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the informers of ConfigMaps and Secrets keep of a large payload value (a dashboard's JSON, a
 * rule file, a configuration file): its SHA-256, computed when the object is read, not the value.
 * The operator owns every key of an owned ConfigMap's or Secret's data and never merges into a
 * value, so comparing digests finds every change, a hand edit included, and an update writes the
 * desired value whole. The one value the operator keeps from the cluster, a generated password
 * ({@code OwnedFields#generatedPaths}), is far below {@link #LARGEST_KEPT_WHOLE} and stays whole.
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
   * The payload maps: ConfigMap's data and binaryData, Secret's data (stringData is write-only).
   */
  private static final List<String> PAYLOAD_FIELDS = List.of("data", "binaryData");

  private PayloadDigests() {}

  /**
   * The informer's store for objects of this type: large payload values replaced by their digest as
   * each object is stored, in place (it was just read from a list or a watch event, and the
   * handlers that get it next read no payload); none for other kinds. The store is Fabric8's own,
   * so the informer keeps its full-state semantics (the list's ADD events handed out once it is
   * complete).
   */
  static <R extends HasMetadata> Optional<ItemStore<R>> itemStore(Class<R> type) {
    UnaryOperator<HasMetadata> digest;
    if (type == ConfigMap.class) {
      digest =
          object -> {
            ConfigMap map = (ConfigMap) object;
            map.setData(digested(map.getData()));
            map.setBinaryData(digested(map.getBinaryData()));
            return object;
          };
    } else if (type == Secret.class) {
      digest =
          object -> {
            Secret secret = (Secret) object;
            secret.setData(digested(secret.getData()));
            return object;
          };
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new BasicItemStore<R>(Cache::metaNamespaceKeyFunc) {
          @Override
          public R put(String key, R object) {
            digest.apply(object);
            return super.put(key, object);
          }
        });
  }

  /** The object's JSON with its large payload values as the informer caches them, for comparing. */
  static JsonNode comparable(JsonNode object) {
    for (String field : PAYLOAD_FIELDS) {
      if (object.get(field) instanceof ObjectNode payload) {
        payload.properties().forEach(entry -> entry.setValue(digestedNode(entry.getValue())));
      }
    }
    return object;
  }

  /** Whether a value about to be written is a digest: a bug, the cluster's value would be lost. */
  static Optional<String> digestAt(JsonNode object) {
    for (String field : PAYLOAD_FIELDS) {
      if (object.get(field) instanceof ObjectNode payload) {
        for (Map.Entry<String, JsonNode> entry : payload.properties()) {
          if (entry.getValue().isTextual() && entry.getValue().asText().startsWith(MARKER)) {
            return Optional.of(field + "." + entry.getKey());
          }
        }
      }
    }
    return Optional.empty();
  }

  private static JsonNode digestedNode(JsonNode value) {
    return value.isTextual() ? TextNode.valueOf(digested(value.asText())) : value;
  }

  private static Map<String, String> digested(Map<String, String> payload) {
    if (payload == null || payload.values().stream().allMatch(PayloadDigests::keptWhole)) {
      return payload;
    }
    Map<String, String> digested = new LinkedHashMap<>(payload.size());
    payload.forEach((key, value) -> digested.put(key, digested(value)));
    return digested;
  }

  private static boolean keptWhole(String value) {
    return value == null || value.length() <= LARGEST_KEPT_WHOLE;
  }

  /** The digest standing for a large value; a small value, or a digest, as it is. */
  static String digested(String value) {
    if (keptWhole(value) || value.startsWith(MARKER)) {
      return value;
    }
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return MARKER + HexFormat.of().formatHex(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
