package org.causalgym.operator.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.causalgym.operator.promql.template.TemplateDialect;
import org.causalgym.operator.promql.template.TemplateFunctions;
import org.causalgym.operator.promql.template.TemplateFunctions.Origin;
import org.causalgym.operator.promql.template.TemplateParser;
import org.causalgym.operator.promql.template.TemplateSyntaxException;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Per-release verdicts that promtool 2.42 cannot give (its Go is 1.19), the table of functions
 * against the sources of every tag, and what a multi-line template is told.
 */
class AlertTemplatesTest {

  private static final PrometheusVersion V2_54 = new PrometheusVersion(2, 54, 0);
  private static final PrometheusVersion V2_55 = new PrometheusVersion(2, 55, 0);

  /** go1.23 parse.go: parseControl and elseControl read "{{else with}}" in a with. */
  private static final String ELSE_WITH =
      "{{ with $labels.pod }}{{ . }}{{ else with $labels.node }}{{ . }}{{ end }}";

  private static Path testData(String file) {
    return Repository.root().resolve("operator/src/test/resources/promql/templates").resolve(file);
  }

  /** The "function" lines of a test data file, and its "go" line when it has one. */
  private static Set<String> lines(Path file, String kind) throws IOException {
    Set<String> values = new TreeSet<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(kind + " ")) {
        values.add(line.substring(kind.length() + 1).strip());
      }
    }
    return values;
  }

  @Test
  void theTableHasTheFunctionsAndTheGoOfEveryTag() throws IOException {
    Set<String> goBuiltins = lines(testData("go1.19-builtins.txt"), "function");
    assertThat(goBuiltins).hasSize(19);
    for (PrometheusVersion release : PrometheusVersion.supportedMinors()) {
      Path tag = testData("prometheus-v" + release + ".txt");
      assertThat(new TreeSet<>(TemplateFunctions.of(Origin.PROMETHEUS)))
          .as("Prometheus' funcMap at v%s", release)
          .isEqualTo(lines(tag, "function"));
      assertThat(lines(tag, "go"))
          .as(".promu.yml's Go at v%s", release)
          .containsExactly("1." + AlertTemplates.goMinorOf(release));
      // Go 1.20 to 1.24 add no builtin (their release notes, text/template).
      assertThat(new TreeSet<>(TemplateFunctions.of(Origin.GO)))
          .as("text/template's builtins for v%s", release)
          .isEqualTo(goBuiltins);
    }
  }

  @Test
  void elseWithParsesFromPrometheus255WhoseGoIs123() {
    assertThat(AlertTemplates.problemOn(ELSE_WITH, V2_54))
        .hasValue("template: alert:1: unexpected <with> in else");
    assertThat(AlertTemplates.problemOn(ELSE_WITH, V2_55)).isEmpty();
    assertThat(AlertTemplates.problemOn(ELSE_WITH, PrometheusVersion.NEWEST)).isEmpty();
  }

  @Test
  void elseWithOnlyFollowsAWith() {
    // go1.23 parse.go, parseControl: only a with reads a pending "with"; an if or a range reads
    // it as input.
    for (String template :
        List.of(
            "{{ if $value }}a{{ else with $labels.pod }}{{ . }}{{ end }}",
            "{{ range $labels }}a{{ else with $value }}{{ . }}{{ end }}")) {
      assertThat(AlertTemplates.problemOn(template, PrometheusVersion.NEWEST))
          .as(template)
          .hasValue("template: alert:1: unexpected <with> in input");
    }
  }

  @Test
  void aProblemNamesTheReleasesThatRefuseItAndTheTarget() {
    assertThat(AlertTemplates.firstProblem(ELSE_WITH, PrometheusTarget.allSupported()))
        .hasValue(
            "template: alert:1: unexpected <with> in else on Prometheus 2.42–2.54 (Go 1.19–1.22);"
                + " this rule must load on Prometheus 2.42–3.5 (every supported Prometheus"
                + " release)");
    assertThat(
            AlertTemplates.firstProblem(
                ELSE_WITH,
                PrometheusTarget.of(PrometheusVersion.NEWEST, "spec.prometheus.version")))
        .isEmpty();
    assertThat(
            AlertTemplates.firstProblem(
                "{{ humanizeBytes $value }}", PrometheusTarget.of(V2_54, "the managed stack")))
        .hasValue(
            "template: alert:1: function \"humanizeBytes\" not defined on Prometheus 2.54.0 (Go"
                + " 1.22); this rule must load on Prometheus 2.54.0 (the managed stack)");
  }

  /** The issue's examples, each with promtool 2.42's message (its template name replaced). */
  @Test
  void theIssuesExamplesGetGosMessages() {
    Map<String, String> messages = new LinkedHashMap<>();
    messages.put("{{ | $value }}", "unexpected \"|\" in command");
    messages.put("{{ $value | 3 }}", "non executable command in pipeline stage 2");
    messages.put("{{ $value || humanize }}", "unexpected \"|\" in command");
    messages.put("{{ ( $value }}", "unclosed left paren");
    messages.put("{{ $value ) }}", "unexpected \")\" in command");
    messages.put("{{ $labels. }}", "unexpected <.> in operand");
    messages.put("{{ 'xy' }}", "malformed character constant: 'xy'");
    messages.put("{{ $labels[\"job\"] }}", "bad character U+005B '['");
    messages.put("{{{ $value }}}", "unexpected \"{\" in command");
    messages.put("{{ $value := }}", "missing value for command");
    messages.put("{{ .Labels..job }}", "unexpected <.> in operand");
    messages.put("{{/* unclosed comment }}", "unclosed comment");
    messages.forEach(
        (template, message) ->
            assertThat(AlertTemplates.problemOn(template, PrometheusVersion.OLDEST))
                .as(template)
                .hasValue("template: alert:1: " + message));
  }

  @Test
  void aStrayRightParenIsALexerErrorFromGo120() {
    String template = "{{ $value ) }}";
    // go1.19 lex.go emits the ")" before its error; go1.20's reports the error first.
    assertThat(AlertTemplates.problemOn(template, PrometheusVersion.OLDEST))
        .hasValue("template: alert:1: unexpected \")\" in command");
    PrometheusVersion go120 = new PrometheusVersion(2, 44, 0);
    assertThat(AlertTemplates.problemOn(template, go120))
        .hasValue("template: alert:1: unexpected right paren");
    assertThat(AlertTemplates.firstProblem(template, PrometheusTarget.allSupported()))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith(
                        "template: alert:1: unexpected \")\" in command on Prometheus 2.42–3.5 (Go"
                            + " 1.19–1.24);"));
  }

  @Test
  void breakAndContinueAreFunctionNamesBeforeGo118() {
    // go1.18 lex.go: break and continue are keywords; before, identifiers, so functions.
    TemplateDialect go117 = new TemplateDialect(17, TemplateFunctions.all());
    assertThat(problem(() -> TemplateParser.parse("t", "{{range .}}{{break}}{{end}}", go117)))
        .isEqualTo("template: t:1: function \"break\" not defined");
    TemplateDialect go118 = new TemplateDialect(18, go117.functions());
    assertThat(problem(() -> TemplateParser.parse("t", "{{range .}}{{break}}{{end}}", go118)))
        .isNull();
  }

  /** Each message is promtool 2.42's for the same annotation, but for its template's name. */
  @Test
  void linesAreCountedAsGoCountsThem() {
    PrometheusVersion release = PrometheusVersion.OLDEST;
    assertThat(AlertTemplates.problemOn("{{ $value }}\nsecond line {{ | }}", release))
        .hasValue("template: alert:2: unexpected \"|\" in command");
    assertThat(AlertTemplates.problemOn("{{ $value\n| humanize }}\n{{- $labels.job -}}\n", release))
        .isEmpty();
    assertThat(AlertTemplates.problemOn("{{ `raw\nacross lines` }}", release)).isEmpty();
    assertThat(AlertTemplates.problemOn("{{ \"a\nb\" }}", release))
        .hasValue("template: alert:1: unterminated quoted string");
    assertThat(AlertTemplates.problemOn("{{ '\n' }}", release))
        .hasValue("template: alert:1: unterminated character constant");
    // lex.go and parse.go, unexpected: an error on a later line than its action's start says so.
    assertThat(AlertTemplates.problemOn("{{ $value\n\n", release))
        .hasValue("template: alert:3: unclosed action started at alert:1");
    assertThat(AlertTemplates.problemOn("{{ printf \"%s\"\n $labels[0] }}", release))
        .hasValue("template: alert:2: bad character U+005B '[' in action started at alert:1");
  }

  private static String problem(Executable parse) {
    try {
      parse.execute();
      return null;
    } catch (TemplateSyntaxException e) {
      return e.getMessage();
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
  }
}
