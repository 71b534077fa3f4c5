package org.causalgym.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of the main code, read from its sources: which package may use which, no cycle between
 * files or packages, and the JOSDK only where the reconciler runs. A class uses another when it
 * names it outside comments and string literals, through an import or in its own package.
 */
class PackageStructureTest {

  private static final String ROOT = "org.causalgym.operator";
  private static final Path SOURCES = Path.of("src/main/java");

  /**
   * What each package may use of ours. A package not listed fails the test: a new package says
   * where it stands.
   */
  private static final Map<String, Set<String>> MAY_USE =
      Map.ofEntries(
          // The leaves: PromQL and Go templates as the Prometheus release reads them.
          Map.entry("promql.template", Set.of()),
          Map.entry("promql", Set.of("promql.template")),
          // The resource as data; it names PromQL's duration syntax in its schema.
          Map.entry("api", Set.of("promql")),
          Map.entry("crd", Set.of("api")),
          // The plan and the objects built from it.
          Map.entry("desired", Set.of("api", "promql")),
          // What the API server and our own checks refuse.
          Map.entry("admission", Set.of("api", "promql", "promql.template", "desired")),
          // What status says, from the plan and what was seen.
          Map.entry("status", Set.of("api", "promql", "desired", "admission")),
          Map.entry("observe", Set.of("api", "promql", "desired", "status")),
          // The process: options, metrics, logs, endpoints.
          Map.entry(
              "runtime", Set.of("api", "promql", "desired", "admission", "status", "observe")),
          Map.entry(
              "reconciler",
              Set.of("api", "promql", "desired", "admission", "status", "observe", "runtime")),
          Map.entry(
              "cli",
              Set.of(
                  "api",
                  "promql",
                  "desired",
                  "admission",
                  "status",
                  "observe",
                  "runtime",
                  "reconciler")),
          // Nothing the operator ships needs the demo.
          Map.entry(
              "demo",
              Set.of(
                  "api",
                  "promql",
                  "desired",
                  "admission",
                  "status",
                  "observe",
                  "runtime",
                  "reconciler",
                  "cli")));

  /** Packages that hold what the operator decides; no framework and no process in them. */
  private static final Set<String> PURE =
      Set.of("api", "promql", "promql.template", "desired", "admission", "status", "observe");

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+?)(?:\\.\\*)?;", Pattern.MULTILINE);
  private static final Pattern COMMENT_OR_STRING =
      Pattern.compile(
          "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'",
          Pattern.DOTALL);

  /** One source file: its class, package, imports and the code without comments or strings. */
  private record Source(String name, String pkg, Set<String> imports, String code) {
    String fqcn() {
      return pkg + "." + name;
    }

    String layer() {
      return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }
  }

  private static Map<String, Source> sources;
  private static Map<String, Set<String>> uses;

  @BeforeAll
  static void read() throws IOException {
    sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> add(p));
    }
    uses = new TreeMap<>();
    for (Source source : sources.values()) {
      Set<String> used = new TreeSet<>();
      for (Source other : sources.values()) {
        if (other != source
            && (other.pkg.equals(source.pkg) || imported(source, other))
            && Pattern.compile("\\b" + other.name + "\\b").matcher(source.code).find()) {
          used.add(other.fqcn());
        }
      }
      uses.put(source.fqcn(), used);
    }
  }

  private static void add(Path file) {
    try {
      String text = Files.readString(file);
      Matcher pkg = PACKAGE.matcher(text);
      assertThat(pkg.find()).as("package of %s", file).isTrue();
      Set<String> imports = new HashSet<>();
      Matcher imported = IMPORT.matcher(text);
      while (imported.find()) {
        imports.add(imported.group(1));
      }
      String name = file.getFileName().toString().replace(".java", "");
      String code = COMMENT_OR_STRING.matcher(text).replaceAll(" ");
      Source source = new Source(name, pkg.group(1), imports, code);
      sources.put(source.fqcn(), source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean imported(Source source, Source other) {
    return source.imports.stream()
        .anyMatch(i -> i.equals(other.fqcn()) || i.startsWith(other.fqcn() + "."));
  }

  @Test
  void everyPackageUsesOnlyTheLayersItMay() {
    List<String> breaches = new ArrayList<>();
    for (Source source : sources.values()) {
      Set<String> allowed = MAY_USE.get(source.layer());
      if (allowed == null) {
        breaches.add(source.fqcn() + " is in a package no layer rule names");
        continue;
      }
      for (String used : uses.get(source.fqcn())) {
        String layer = sources.get(used).layer();
        if (!layer.equals(source.layer()) && !allowed.contains(layer)) {
          breaches.add(source.fqcn() + " uses " + used);
        }
      }
    }
    assertThat(breaches).isEmpty();
  }

  @Test
  void theDecidingPackagesKnowNoFrameworkAndNoProcess() {
    List<String> breaches = new ArrayList<>();
    for (Source source : sources.values()) {
      if (PURE.contains(source.layer())) {
        source.imports.stream()
            .filter(i -> i.startsWith("io.javaoperatorsdk") || i.startsWith("io.micrometer"))
            .forEach(i -> breaches.add(source.fqcn() + " imports " + i));
      }
    }
    assertThat(breaches).isEmpty();
  }

  @Test
  void noFileIsPartOfACycle() {
    assertThat(cycles(uses)).isEmpty();
  }

  @Test
  void noPackageIsPartOfACycle() {
    Map<String, Set<String>> packages = new TreeMap<>();
    uses.forEach(
        (from, used) -> {
          String layer = sources.get(from).layer();
          Set<String> targets = packages.computeIfAbsent(layer, l -> new TreeSet<>());
          used.stream()
              .map(u -> sources.get(u).layer())
              .filter(l -> !l.equals(layer))
              .forEach(targets::add);
        });
    assertThat(cycles(packages)).isEmpty();
  }

  /** The strongly connected components of more than one node (Tarjan). */
  private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> components = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, onStack, components);
      }
    }
    return components;
  }

  private static void connect(
      String node,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> components) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, onStack, components);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        components.add(component);
      }
    }
  }
}
