package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
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
}
