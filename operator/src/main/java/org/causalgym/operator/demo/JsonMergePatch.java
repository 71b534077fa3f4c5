package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 7386 JSON Merge Patch, as the API server applies {@code application/merge-patch+json}. */
public final class JsonMergePatch {

  private JsonMergePatch() {}

  /** Applies patch to target, changing target in place where both are objects; the result. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || !target.isObject()) {
      return patch;
    }
    ObjectNode object = (ObjectNode) target;
    patch
        .properties()
        .forEach(
            field -> {
              if (field.getValue().isNull()) {
                object.remove(field.getKey());
              } else {
                object.set(field.getKey(), apply(object.path(field.getKey()), field.getValue()));
              }
            });
    return object;
  }
}
