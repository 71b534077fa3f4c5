package org.causalgym.operator.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;

/** Reads CausalGymMonitoring resources from multi-document YAML, naming the field of any error. */
public final class ResourceReader {

  private static final YAMLMapper YAML = new YAMLMapper();

  /** Strict where the API server is lenient: a mistyped field must not silently fall back. */
  private static final ObjectMapper STRICT =
      Serialization.jsonMapper().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ResourceReader() {}

  /** Every resource of the text, with the namespace given where a resource has none. */
  public static List<CausalGymMonitoring> read(String yaml, String defaultNamespace)
      throws InvalidInputException {
    List<JsonNode> documents;
    try {
      documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    } catch (IOException e) {
      throw new InvalidInputException("not valid YAML: " + e.getMessage());
    }
    List<CausalGymMonitoring> resources = new ArrayList<>();
    int number = 0;
    for (JsonNode document : documents) {
      number++;
      if (document == null || document.isNull() || document.isEmpty()) {
        continue;
      }
      resources.add(resource(document, "document " + number, defaultNamespace));
    }
    if (resources.isEmpty()) {
      throw new InvalidInputException("no CausalGymMonitoring resource found");
    }
    return resources;
  }

  private static CausalGymMonitoring resource(
      JsonNode document, String where, String defaultNamespace) throws InvalidInputException {
    String expectedApiVersion = HasMetadata.getApiVersion(CausalGymMonitoring.class);
    String apiVersion = document.path("apiVersion").asText();
    String kind = document.path("kind").asText();
    if (!expectedApiVersion.equals(apiVersion) || !"CausalGymMonitoring".equals(kind)) {
      throw new InvalidInputException(
          where
              + ": apiVersion/kind: expected "
              + expectedApiVersion
              + "/CausalGymMonitoring, found "
              + apiVersion
              + "/"
              + kind);
    }
    CausalGymMonitoring resource;
    try {
      resource = STRICT.treeToValue(document, CausalGymMonitoring.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidInputException(
          where + ": " + path(e) + ": unknown field (see kubectl explain causalgymmonitoring)");
    } catch (JsonMappingException e) {
      throw new InvalidInputException(
          where + ": " + path(e) + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new InvalidInputException(where + ": " + e.getMessage());
    }
    if (resource.getMetadata().getNamespace() == null) {
      resource.getMetadata().setNamespace(defaultNamespace);
    }
    return resource;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  /** Input that cannot be read as CausalGymMonitoring resources; the message names the place. */
  public static final class InvalidInputException extends Exception {
    public InvalidInputException(String message) {
      super(message);
    }
  }
}
