package org.causalgym.operator.promql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our parser against promtool on a written corpus: valid expressions of every construct and in the
 * style of well-known mixins (expressions.txt), broken mutations of them (mutations.txt), the edges
 * of the grammar (expression-edges.txt: @ bounds, escapes, keywords in every place, number and
 * duration limits), and the inputs of Prometheus' own parser tests (prometheus-parser-tests.txt:
 * every {@code input:} of promql/parser/parse_test.go and lex_test.go in prometheus/prometheus at
 * tag v2.42.0, the release of the promtool here), and the expressions of its evaluation and printer
 * tests (prometheus-engine-tests.txt: promql/testdata/*.test and promql/parser/printer_test.go at
 * v2.42.0). SOURCES.md says how both are extracted and what is skipped. Every verdict, accepted or
 * refused, must be promtool's.
 */
class PromqlDifferentialTest {

  private static final Pattern GROUP_ERROR = Pattern.compile("group \"e(\\d+)\"");

  @TempDir Path dir;

  private static List<String> corpus(String... files) throws IOException {
    Set<String> lines = new LinkedHashSet<>();
    for (String file : files) {
      Path path = Repository.root().resolve("operator/src/test/resources/promql").resolve(file);
      for (String line : Files.readAllLines(path)) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    }
    return List.copyOf(lines);
  }

  /** Which rules promtool refuses: one rule file, one group per rule. */
  private Set<Integer> refusedByPromtool(List<Map<String, Object>> rules) throws IOException {
    ExternalTool promtool = ExternalTool.promtool();
    promtool.require();
    List<Object> groups = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      groups.add(Map.of("name", "e" + i, "rules", List.of(rules.get(i))));
    }
    // JSON is YAML, and quotes every expression exactly.
    Files.writeString(
        dir.resolve("rules.yaml"), new ObjectMapper().writeValueAsString(Map.of("groups", groups)));
    ExternalTool.Result result = promtool.run(dir, "check", "rules", "rules.yaml");
    Set<Integer> refused = new LinkedHashSet<>();
    Matcher m = GROUP_ERROR.matcher(result.output());
    while (m.find()) {
      refused.add(Integer.parseInt(m.group(1)));
    }
    assertThat(result.exitCode() == 0).as(result.output()).isEqualTo(refused.isEmpty());
    return refused;
  }

  @Test
  void everyVerdictIsPromtools() throws IOException {
    List<String> expressions =
        corpus(
            "expressions.txt",
            "mutations.txt",
            "expression-edges.txt",
            "prometheus-parser-tests.txt",
            "prometheus-engine-tests.txt");
    PrometheusTarget promtool = PrometheusTarget.of(PrometheusVersion.OLDEST, "promtool 2.42");
    Set<Integer> refused =
        refusedByPromtool(
            expressions.stream()
                .map(e -> Map.<String, Object>of("alert", "A", "expr", e))
                .toList());

    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      String expression = expressions.get(i);
      String ours;
      try {
        PromqlParser.parse(expression, promtool);
        ours = null;
      } catch (PromqlException e) {
        ours = e.describe();
      }
      boolean promtoolRefuses = refused.contains(i);
      if ((ours != null) != promtoolRefuses) {
        disagreements.add(
            (promtoolRefuses
                    ? "promtool refuses, we accept: "
                    : "promtool accepts, we refuse (" + ours + "): ")
                + expression);
      }
    }
    int agreed = expressions.size() - disagreements.size();
    System.out.printf(
        "PromQL differential: %d of %d verdicts agree with promtool (%.1f %%); promtool refuses %d%n",
        agreed, expressions.size(), 100.0 * agreed / expressions.size(), refused.size());
    disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(1400);
    assertThat(disagreements).isEmpty();
  }

  /**
   * Debian's promtool is Prometheus 2.42 built with go1.19.8 (promtool --version), the Go that
   * Prometheus' own 2.42 release is built with (.promu.yml at v2.42.0): its verdicts are those of
   * our 2.42 target. What only a newer Go accepts is in AlertTemplatesTest.
   */
  @Test
  void everyTemplateVerdictIsPromtools() throws IOException {
    List<String> templates = corpus("templates.txt");
    Set<Integer> refused =
        refusedByPromtool(
            templates.stream()
                .map(
                    t ->
                        Map.<String, Object>of(
                            "alert", "A", "expr", "up", "annotations", Map.of("summary", t)))
                .toList());

    PrometheusTarget promtool = PrometheusTarget.of(PrometheusVersion.OLDEST, "promtool 2.42");
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      var ours = AlertTemplates.firstProblem(templates.get(i), promtool);
      if (ours.isPresent() != refused.contains(i)) {
        disagreements.add(
            (refused.contains(i)
                    ? "promtool refuses, we accept: "
                    : "promtool accepts, we refuse (" + ours.get() + "): ")
                + templates.get(i));
      }
    }
    int agreed = templates.size() - disagreements.size();
    System.out.printf(
        "Alert templates: %d of %d verdicts agree with promtool (%.1f %%); promtool refuses %d%n",
        agreed, templates.size(), 100.0 * agreed / templates.size(), refused.size());
    disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
    assertThat(templates).hasSizeGreaterThanOrEqualTo(270);
    assertThat(refused).hasSizeGreaterThanOrEqualTo(140);
    assertThat(disagreements).isEmpty();
  }
}
