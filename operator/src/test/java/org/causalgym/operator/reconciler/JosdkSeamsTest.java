package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * JOSDK is reached beyond its public API only through the {@code Josdk*Seam} classes, so that a
 * JOSDK upgrade touches them alone; each names the JOSDK release it was written against, so that an
 * upgrade fails here until every seam has been looked at.
 */
class JosdkSeamsTest {

  /**
   * What JOSDK documents for writing a reconciler, its event sources and its Kubernetes dependents
   * (javaoperatorsdk.io, "Implementing a reconciler", "Event sources", "Dependent resources",
   * "Workflows"): the types any of our classes may name. Everything else of JOSDK's, its {@code
   * processing} machinery and its {@code api.config} resolution, is for the seams.
   */
  private static final Set<String> PUBLIC_API =
      Set.of(
          "io.javaoperatorsdk.operator.Operator",
          "io.javaoperatorsdk.operator.OperatorException",
          "io.javaoperatorsdk.operator.api.reconciler.Context",
          "io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration",
          "io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl",
          "io.javaoperatorsdk.operator.api.reconciler.EventSourceContext",
          "io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache",
          "io.javaoperatorsdk.operator.api.reconciler.Reconciler",
          "io.javaoperatorsdk.operator.api.reconciler.UpdateControl",
          "io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource",
          // The type of Reconciler#prepareEventSources.
          "io.javaoperatorsdk.operator.processing.event.source.EventSource",
          // A Kubernetes dependent: its base class, annotations, informer and match result.
          "io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource",
          "io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent",
          "io.javaoperatorsdk.operator.api.config.informer.Informer",
          "io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration",
          "io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource",
          "io.javaoperatorsdk.operator.processing.dependent.Matcher.Result",
          // What a dependent names its object by (targetSecondaryResourceID), and what a
          // secondary-to-primary mapper returns ("Event sources").
          "io.javaoperatorsdk.operator.processing.event.ResourceID",
          // A workflow's conditions.
          "io.javaoperatorsdk.operator.processing.dependent.workflow.Condition");

  /** Internals reached through the public API's return values, with no import to show them. */
  private static final Set<String> INTERNAL_CALLS =
      Set.of("getControllerEventSource", "handleRecentResourceUpdate");

  private static final Pattern REFERENCE = Pattern.compile("io\\.javaoperatorsdk(?:\\.\\w+)+");
  private static final Pattern CALL = Pattern.compile("\\.(\\w+)\\s*\\(");

  /** The Javadoc before a top-level class declaration. */
  private static final Pattern DECLARATION =
      Pattern.compile("(?s)/\\*\\*(.*?)\\*/\\s*(?:@\\w+\\s*)*(?:abstract |final )*class ");

  private static final Path MAIN = Repository.root().resolve("operator/src/main/java");

  @Test
  void onlyTheSeamsReachBeyondJosdksPublicApi() throws IOException {
    Map<String, Set<String>> beyond = new TreeMap<>();
    for (Path file : sources()) {
      if (isSeam(file)) {
        continue;
      }
      Set<String> found = internals(code(file));
      if (!found.isEmpty()) {
        beyond.put(MAIN.relativize(file).toString(), found);
      }
    }
    assertThat(beyond)
        .as(
            "JOSDK beyond its public API outside a Josdk*Seam class: add a seam, or the type to"
                + " PUBLIC_API where JOSDK documents it for reconcilers")
        .isEmpty();
  }

  @Test
  void everySeamReachesAnInternalAndNamesTheJosdkReleaseItWasWrittenFor() throws IOException {
    Matcher version =
        Pattern.compile("<josdk\\.version>([^<]+)</josdk\\.version>")
            .matcher(Files.readString(Repository.root().resolve("pom.xml")));
    assertThat(version.find()).as("josdk.version in pom.xml").isTrue();
    List<Path> seams = sources().stream().filter(JosdkSeamsTest::isSeam).toList();
    assertThat(seams).isNotEmpty();
    for (Path seam : seams) {
      Matcher declaration = DECLARATION.matcher(Files.readString(seam));
      assertThat(declaration.find()).as("%s declares a class", seam.getFileName()).isTrue();
      String javadoc = declaration.group(1).replaceAll("\\s*\\n\\s*\\*", "");
      assertThat(javadoc)
          .as("%s's Javadoc names the JOSDK release it relies on", seam.getFileName())
          .contains("JOSDK seam")
          .contains("JOSDK " + version.group(1));
      assertThat(internals(code(seam)))
          .as("%s reaches beyond JOSDK's public API, or it is no seam", seam.getFileName())
          .isNotEmpty();
    }
  }

  /** The JOSDK types and internal calls the code names that are not in {@link #PUBLIC_API}. */
  private static Set<String> internals(String code) {
    Set<String> found = new TreeSet<>();
    Matcher reference = REFERENCE.matcher(code);
    while (reference.find()) {
      String type = typeOf(reference.group());
      if (!PUBLIC_API.contains(type)) {
        found.add(type);
      }
    }
    Matcher call = CALL.matcher(code);
    while (call.find()) {
      if (INTERNAL_CALLS.contains(call.group(1))) {
        found.add(call.group(1) + "()");
      }
    }
    return found;
  }

  /**
   * A reference up to its type, nested types included: {@code a.b.ResourceID.fromResource} is
   * {@code a.b.ResourceID}; a wildcard import is its package, never public.
   */
  private static String typeOf(String reference) {
    List<String> kept = new ArrayList<>();
    boolean inType = false;
    for (String part : reference.split("\\.")) {
      boolean upper = Character.isUpperCase(part.charAt(0));
      if (inType && !upper) {
        break;
      }
      inType |= upper;
      kept.add(part);
    }
    return String.join(".", kept);
  }

  /** The source without comments, string, text block and char literals, which may name anything. */
  private static String code(Path file) throws IOException {
    String text = Files.readString(file);
    StringBuilder code = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("//", i)) {
        i = end(text, "\n", i + 2, false);
      } else if (text.startsWith("/*", i)) {
        i = end(text, "*/", i + 2, false);
      } else if (text.startsWith("\"\"\"", i)) {
        i = end(text, "\"\"\"", i + 3, true);
      } else if (text.charAt(i) == '"' || text.charAt(i) == '\'') {
        i = end(text, String.valueOf(text.charAt(i)), i + 1, true);
      } else {
        code.append(text.charAt(i++));
        continue;
      }
      code.append(' ');
    }
    return code.toString();
  }

  /** Past the first close at or after from (in a literal, unescaped), or the end of the text. */
  private static int end(String text, String close, int from, boolean literal) {
    for (int i = from; i < text.length(); i++) {
      if (literal && text.charAt(i) == '\\') {
        i++;
      } else if (text.startsWith(close, i)) {
        return i + close.length();
      }
    }
    return text.length();
  }

  private static boolean isSeam(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith("Josdk") && name.endsWith("Seam.java");
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
