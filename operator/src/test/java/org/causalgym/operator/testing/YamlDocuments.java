package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Multi-document YAML as the CLI prints it, read back for assertions. */
public final class YamlDocuments {

  private static final YAMLMapper YAML = new YAMLMapper();

  private YamlDocuments() {}

  /** Every document that is a Kubernetes object (has a kind), in order. */
  public static List<JsonNode> objects(String yaml) {
    try {
      return YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll().stream()
          .filter(d -> d != null && d.has("kind"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> kinds(String yaml) {
    return objects(yaml).stream().map(d -> d.get("kind").asText()).toList();
  }

  /**
   * The document with the value, written in YAML, set at the JSON pointer (list entries by index);
   * missing parent objects are created. Changes and returns document.
   */
  public static ObjectNode withValue(ObjectNode document, String pointer, String valueYaml) {
    try {
      JsonNode value = YAML.readTree("v: " + valueYaml).get("v");
      String[] parts = pointer.substring(1).split("/");
      JsonNode parent = document;
      for (int i = 0; i < parts.length - 1; i++) {
        if (parent.isArray()) {
          parent = parent.get(Integer.parseInt(parts[i]));
        } else {
          if (!parent.path(parts[i]).isContainerNode()) {
            ((ObjectNode) parent).putObject(parts[i]);
          }
          parent = parent.get(parts[i]);
        }
      }
      String last = parts[parts.length - 1];
      if (parent.isArray()) {
        ((ArrayNode) parent).set(Integer.parseInt(last), value);
      } else {
        ((ObjectNode) parent).set(last, value);
      }
      return document;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
