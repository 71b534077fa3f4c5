package org.causalgym.operator.desired;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.causalgym.operator.testing.Repository;

/**
 * The field types of Filebeat 8's index template (filebeat/template-fields.tsv, flattened from the
 * Beats and ECS fields files by scripts/filebeat-template-fields.py), and the values Elasticsearch
 * refuses for them with mapper_parsing_exception.
 */
final class FilebeatTemplateFields {

  /** Types that hold sub-fields; a concrete value given to one is refused. */
  private static final Set<String> OBJECTS = Set.of("group", "object", "nested");

  /** Types that take any scalar (a number or a boolean is indexed as its text). */
  private static final Set<String> TEXT =
      Set.of("keyword", "constant_keyword", "wildcard", "text", "match_only_text");

  private static final Set<String> NUMBERS =
      Set.of("long", "integer", "short", "byte", "float", "double", "scaled_float", "half_float");

  /** Elasticsearch's default date format, strict_date_optional_time, in its common shapes. */
  private static final Pattern DATE =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?");

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");

  private final Map<String, String> types;

  private FilebeatTemplateFields(Map<String, String> types) {
    this.types = types;
  }

  static FilebeatTemplateFields load() {
    Path file =
        Repository.root().resolve("operator/src/test/resources/filebeat/template-fields.tsv");
    Map<String, String> types = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] nameAndType = line.split("\t");
        types.put(nameAndType[0], nameAndType[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FilebeatTemplateFields(types);
  }

  /** The template's type of a full dotted name, or null where Elasticsearch maps it dynamically. */
  String type(String name) {
    return types.get(name);
  }

  /** Every field of {@code event}, at the event's root, whose value the template refuses. */
  List<String> clashes(JsonNode event) {
    List<String> clashes = new ArrayList<>();
    event.fields().forEachRemaining(f -> collect(f.getKey(), f.getValue(), clashes));
    return clashes;
  }

  private void collect(String name, JsonNode value, List<String> clashes) {
    String type = types.get(name);
    if (value.isObject()) {
      if (type == null || OBJECTS.contains(type)) {
        value
            .fields()
            .forEachRemaining(f -> collect(name + "." + f.getKey(), f.getValue(), clashes));
      } else if (!type.equals("flattened") && !type.startsWith("object:")) {
        clashes.add(name + " is " + type + " in the template: an object is refused");
      }
      return;
    }
    if (value.isArray()) {
      value.forEach(element -> collect(name, element, clashes));
      return;
    }
    if (type == null || value.isNull()) {
      return;
    }
    String problem = scalarProblem(type, value);
    if (problem != null) {
      clashes.add(name + " is " + type + " in the template: " + problem);
    }
  }

  private static String scalarProblem(String type, JsonNode value) {
    String text = value.asText();
    if (OBJECTS.contains(type) || type.startsWith("object:") || type.equals("flattened")) {
      return type.equals("flattened") ? null : "a concrete value " + value + " is refused";
    }
    if (TEXT.contains(type)) {
      return null;
    }
    if (NUMBERS.contains(type)) {
      return value.isNumber() || NUMBER.matcher(text).matches() ? null : "not a number " + value;
    }
    return switch (type) {
      case "date" ->
          value.isNumber() || DATE.matcher(text).matches() ? null : "not a date " + value;
      case "boolean" ->
          value.isBoolean() || text.equals("true") || text.equals("false")
              ? null
              : "not a boolean " + value;
      case "ip" ->
          value.isTextual() && (IPV4.matcher(text).matches() || text.contains(":"))
              ? null
              : "not an IP address " + value;
      case "alias" -> "an alias cannot be written";
      default -> "a value for an unchecked type " + value;
    };
  }
}
