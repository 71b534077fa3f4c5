package org.causalgym.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.causalgym.operator.admission.CrdAdmission;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;

/**
 * Reads CausalGymMonitoring resources from multi-document YAML as kubectl and the API server would
 * take them: UTF-8 only, no duplicate keys, every document an object, each resource admitted by its
 * CRD (types checked, not coerced; unknown fields refused). Every error names the document and the
 * field.
 */
public final class ResourceReader {

  /** YAML as kubectl reads it (see {@link KubectlYamlSchema}), duplicate keys refused. */
  private static final LoadSettings SETTINGS =
      LoadSettings.builder()
          .setAllowDuplicateKeys(false)
          .setSchema(new KubectlYamlSchema())
          .build();

  /**
   * The deepest nesting kubectl reads: go-yaml v2.4.0 {@code scannerc.go} ({@code max_flow_level},
   * {@code max_indents}) refuses more with "exceeded max depth of 10000".
   */
  static final int MAX_DEPTH = 10_000;

  /**
   * The stack a read runs on. The YAML scanner and the admission recurse once or more per level of
   * nesting: at the depth kubectl still reads, a default thread stack overflows.
   */
  private static final long READER_STACK_BYTES = 256L << 20;

  private ResourceReader() {}

  /** Every resource of the bytes, with the namespace given where a resource has none. */
  public static List<CausalGymMonitoring> read(byte[] bytes, String defaultNamespace)
      throws InvalidInputException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("not UTF-8 text: " + e.getMessage());
    }
    return read(text, defaultNamespace);
  }

  /** Every resource of the text, with the namespace given where a resource has none. */
  public static List<CausalGymMonitoring> read(String yaml, String defaultNamespace)
      throws InvalidInputException {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread reader =
        new Thread(
            null,
            () -> {
              try {
                outcome.set(readOnThisThread(yaml, defaultNamespace));
              } catch (InvalidInputException | RuntimeException | StackOverflowError e) {
                outcome.set(e);
              }
            },
            "resource-reader",
            READER_STACK_BYTES);
    reader.start();
    try {
      reader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidInputException("interrupted while reading");
    }
    if (outcome.get() instanceof InvalidInputException e) {
      throw e;
    } else if (outcome.get() instanceof RuntimeException e) {
      throw e;
    } else if (outcome.get() instanceof StackOverflowError) {
      throw new InvalidInputException("not valid YAML: nested too deeply to be read");
    }
    @SuppressWarnings("unchecked")
    List<CausalGymMonitoring> resources = (List<CausalGymMonitoring>) outcome.get();
    return resources;
  }

  private static List<CausalGymMonitoring> readOnThisThread(String yaml, String defaultNamespace)
      throws InvalidInputException {
    List<JsonNode> documents = new ArrayList<>();
    try {
      refuseDeepNesting(yaml);
      for (Object document : new Load(SETTINGS).loadAllFromString(yaml)) {
        documents.add(tree(document));
      }
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "not valid YAML: " + e.getMessage().replaceAll("\\s+", " ").strip());
    }
    List<CausalGymMonitoring> resources = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int number = 0;
    for (JsonNode document : documents) {
      number++;
      String where = "document " + number;
      if (document.isNull()) {
        continue;
      }
      if (!document.isObject()) {
        errors.add(
            where + ": must be a CausalGymMonitoring object, found " + document.getNodeType());
        continue;
      }
      try {
        resources.add(resource((ObjectNode) document, where, defaultNamespace));
      } catch (InvalidInputException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidInputException(String.join("\n", errors));
    }
    if (resources.isEmpty()) {
      throw new InvalidInputException("no CausalGymMonitoring resource found");
    }
    return resources;
  }

  /**
   * Refuses, before anything is built from it, nesting that kubectl would refuse: go-yaml counts
   * flow collections ({@code [}, <code>{</code>) and block indentation levels apart.
   */
  private static void refuseDeepNesting(String yaml) throws InvalidInputException {
    Deque<Boolean> open = new ArrayDeque<>();
    int[] depth = new int[2];
    for (Event event : new Parse(SETTINGS).parseString(yaml)) {
      if (event instanceof CollectionStartEvent start) {
        int style = start.isFlow() ? 1 : 0;
        open.push(start.isFlow());
        if (++depth[style] > MAX_DEPTH) {
          throw new InvalidInputException(
              "not valid YAML: exceeded max depth of "
                  + MAX_DEPTH
                  + event.getStartMark().map(m -> " at line " + (m.getLine() + 1)).orElse(""));
        }
      } else if (event instanceof CollectionEndEvent) {
        depth[open.pop() ? 1 : 0]--;
      }
    }
  }

  private static CausalGymMonitoring resource(
      ObjectNode document, String where, String defaultNamespace) throws InvalidInputException {
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
    if (!document.path("metadata").isObject()) {
      throw new InvalidInputException(where + ": metadata: must be an object with a name");
    }
    ObjectNode metadata = (ObjectNode) document.get("metadata");
    if (!metadata.path("namespace").isTextual()) {
      metadata.put("namespace", defaultNamespace);
    }
    String name = metadata.path("namespace").asText() + "/" + metadata.path("name").asText("");
    List<SpecViolation> violations = CrdAdmission.packaged().admit(document);
    if (!violations.isEmpty()) {
      throw new InvalidInputException(
          violations.stream()
              .map(v -> where + ", " + name + ": " + v)
              .collect(Collectors.joining("\n")));
    }
    try {
      return Serialization.jsonMapper().treeToValue(document, CausalGymMonitoring.class);
    } catch (JsonMappingException e) {
      throw new InvalidInputException(
          where + ": " + path(e) + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(where + ": " + e.getOriginalMessage());
    }
  }

  /**
   * The JSON tree of a loaded YAML document. Built by hand because Jackson would write NaN and
   * infinities as strings, and the admission must see them as the numbers they claim to be.
   */
  private static JsonNode tree(Object value) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (value == null) {
      return nodes.nullNode();
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = nodes.objectNode();
      map.forEach((key, child) -> object.set(String.valueOf(key), tree(child)));
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = nodes.arrayNode();
      list.forEach(child -> array.add(tree(child)));
      return array;
    }
    if (value instanceof Double number) {
      return nodes.numberNode(number);
    }
    return Serialization.jsonMapper().valueToTree(value);
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
