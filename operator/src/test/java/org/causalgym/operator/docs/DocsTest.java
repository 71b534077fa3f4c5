package org.causalgym.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalgym.operator.cli.RunCommand;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * The docs by audience (README.md and docs/) hold together and keep up with the code: every link
 * reaches a file and heading, every CRD field and every run option has its row.
 */
class DocsTest {

  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

  /** A class name and the members after it (GymPlan.Names::of); not a flag (-Dtest). */
  private static final Pattern CODE_REFERENCE =
      Pattern.compile(
          "(?<![-\\w])([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)((?:(?:\\.|::|#)[A-Za-z_][A-Za-z0-9_]*)*)");

  private static final Pattern TYPE_DECLARATION =
      Pattern.compile("\\b(?:class|enum|record|interface) ([A-Z][A-Za-z0-9]*)");

  private static final Set<String> PLACEHOLDERS = Set.of("X", "XModel", "x", "class");

  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z_]+):-");

  @Test
  void everyLinkReachesAFileAndHeading() throws IOException {
    List<String> docs = new ArrayList<>(List.of("README.md", "helm/causal-gym-operator/README.md"));
    try (Stream<Path> files = Files.list(Repository.root().resolve("docs"))) {
      files.map(file -> "docs/" + file.getFileName()).sorted().forEach(docs::add);
    }
    assertThat(docs).contains("docs/using.md", "docs/operating.md", "docs/development.md");

    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (String name : docs) {
      MarkdownDoc doc = MarkdownDoc.read(name);
      for (String link : doc.links()) {
        if (link.matches("[a-z]+:.*")) {
          continue;
        }
        checked++;
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path base = Repository.root().resolve(name).getParent();
        Path target = file.isEmpty() ? Repository.root().resolve(name) : base.resolve(file);
        if (!Files.exists(target)) {
          broken.add(name + ": " + link + " (no such file)");
        } else if (hash >= 0
            && !MarkdownDoc.read(Repository.root().relativize(target.normalize()).toString())
                .anchors()
                .contains(link.substring(hash + 1))) {
          broken.add(name + ": " + link + " (no such heading)");
        }
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(broken).isEmpty();
  }

  @Test
  void everySpecFieldHasARowInTheFieldsTable() throws IOException {
    Set<String> rows = new TreeSet<>();
    for (List<String> row :
        MarkdownDoc.read("docs/using.md").table("## The `CausalGymMonitoring` resource")) {
      rows.add(row.get(0).replace("`", "").replace("[]", ""));
    }
    JsonNode spec =
        new YAMLMapper()
            .readTree(
                Repository.root()
                    .resolve("crds/causalgymmonitorings.monitoring.causal-gym.org-v1.yml")
                    .toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
    List<String> missing = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> groups = spec.fields(); groups.hasNext(); ) {
      Map.Entry<String, JsonNode> group = groups.next();
      String groupPath = "spec." + group.getKey();
      group
          .getValue()
          .path("properties")
          .fieldNames()
          .forEachRemaining(
              field -> {
                String path = groupPath + "." + field;
                if (!rows.contains(path) && !rows.contains(groupPath)) {
                  missing.add(path);
                }
              });
    }
    assertThat(rows).as("rows of the fields table").hasSizeGreaterThan(30);
    assertThat(missing).as("CRD fields without a row of their own or of their group").isEmpty();
  }

  @Test
  void everyRunOptionHasARowWithItsEnvironmentVariable() {
    Map<String, String> options = new TreeMap<>();
    // The declared defaults, as written: picocli's model holds them with the environment resolved.
    for (Field field : RunCommand.class.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        Matcher env = ENV_DEFAULT.matcher(option.defaultValue());
        options.put(option.names()[0], env.find() ? env.group(1) : "");
      }
    }
    Map<String, String> rows = new TreeMap<>();
    for (List<String> row :
        MarkdownDoc.read("docs/operating.md").table("## Running the operator")) {
      if (!row.get(0).isEmpty()) {
        rows.put(row.get(0).replace("`", ""), row.get(1).replace("`", ""));
      }
    }
    assertThat(options).isNotEmpty();
    assertThat(rows).as("flag → environment variable in docs/operating.md").isEqualTo(options);
  }

  /**
   * The steps of "Adding an owned kind" in docs/development.md name only what the code has: each
   * class (by its source file), each member after {@code .}, {@code ::} or {@code #} (declared in
   * that class's source) and each path.
   */
  @Test
  void theStepsToAddAnOwnedKindNameWhatTheCodeHas() throws IOException {
    List<String> section =
        MarkdownDoc.read("docs/development.md").section("## Adding an owned kind");
    // Every type declared in the sources, nested ones too, with the source that declares it.
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Repository.root().resolve("operator/src"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String text = Files.readString(file);
        Matcher declared = TYPE_DECLARATION.matcher(text);
        while (declared.find()) {
          sources.merge(declared.group(1), text, String::concat);
        }
      }
    }
    List<String> missing = new ArrayList<>();
    int named = 0;
    Matcher code = CODE_SPAN.matcher(String.join("\n", section));
    while (code.find()) {
      String span = code.group(1);
      if (span.contains("/")) {
        named++;
        if (!Files.exists(Repository.root().resolve(span))) {
          missing.add(span);
        }
        continue;
      }
      Matcher reference = CODE_REFERENCE.matcher(span);
      while (reference.find()) {
        String type = reference.group(1);
        String source = sources.get(type);
        // X, XModel, NEW_KIND and the like are the step's placeholders, not names of the code.
        if (source == null && PLACEHOLDERS.contains(type)) {
          continue;
        }
        named++;
        if (source == null) {
          missing.add(span + ": no class " + type);
          continue;
        }
        String text = source;
        for (String member :
            reference.group(2) == null ? new String[0] : reference.group(2).split("\\.|::|#")) {
          if (!member.isEmpty()
              && !PLACEHOLDERS.contains(member)
              && !Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(text).find()) {
            missing.add(span + ": " + type + " has no " + member);
          }
        }
      }
    }
    assertThat(named).as("names checked").isGreaterThan(20);
    assertThat(missing).isEmpty();
  }
}
