package org.causalgym.operator.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Errors a person can act on: the column and what was expected; types as Prometheus has them. */
class PromqlParserTest {

  /** Debian's promtool, which the differential test runs: these verdicts are its. */
  private static final PrometheusTarget PROMTOOL =
      PrometheusTarget.of(PrometheusVersion.OLDEST, "promtool 2.42");

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "rate(x[5m]", 11, "expected \",\" or \")\" after \"rate(x[5m]\", found end of input"),
        Arguments.of("rate(x[5m]) >", 14, "expected an expression, found end of input"),
        Arguments.of("ratez(x[5m])", 1, "unknown function with name \"ratez\""),
        Arguments.of("rate(x[5 minutes])", 8, "missing unit character in duration"),
        Arguments.of(
            "up{job==\"gym\"}",
            7,
            "expected one of =, !=, =~, !~ after the label \"job\", found \"==\""),
        Arguments.of(
            "rate(up)",
            6,
            "expected type range vector in call to function \"rate\", got instant vector"),
        Arguments.of("up{job=~\"a(b\"}", 9, "error parsing regexp: missing closing ): a(b"),
        Arguments.of("1 > 1", 1, "comparisons between scalars must use BOOL modifier"),
        Arguments.of("up + bool up", 1, "bool modifier can only be used on comparison operators"),
        Arguments.of("up and 1", 1, "set operator \"and\" not allowed in binary scalar expression"),
        Arguments.of(
            "sum(up[5m])",
            5,
            "expected type instant vector in aggregation expression, got range vector"),
        Arguments.of("(up)[5m]", 5, "ranges only allowed for vector selectors"),
        Arguments.of(
            "{job=\"\"}", 1, "vector selector must contain at least one non-empty matcher"));
  }

  /**
   * What promtool 2.42 refuses at the edges of the grammar; each rule's source is in the parser.
   */
  static Stream<Arguments> refusedEdges() {
    return Stream.of(
        Arguments.of("x @ Inf", 5, "timestamp out of bounds for @ modifier: +Inf"),
        Arguments.of("x @ -Inf", 6, "timestamp out of bounds for @ modifier: -Inf"),
        Arguments.of("x @ NaN", 5, "timestamp out of bounds for @ modifier: NaN"),
        Arguments.of(
            "x @ 9223372036854775807",
            5,
            "timestamp out of bounds for @ modifier: 9223372036854775808.000000"),
        Arguments.of(
            "x @ -1e19", 6, "timestamp out of bounds for @ modifier: -10000000000000000000.000000"),
        Arguments.of(
            "x @ +start()",
            6,
            "expected a timestamp, start() or end() after \"@\", found \"start\""),
        Arguments.of("x @ 1 [5m]", 7, "no @ modifiers allowed before range"),
        Arguments.of("x offset 5m @ end() [5m]", 21, "no offset modifiers allowed before range"),
        Arguments.of("x @ start() [5m] @ end()", 18, "@ <timestamp> may not be set multiple times"),
        Arguments.of("\"\\400\"", 2, "escape sequence is an invalid Unicode code point"),
        Arguments.of("x{a='\\777'}", 6, "escape sequence is an invalid Unicode code point"),
        Arguments.of("\"\\x+1\"", 2, "illegal character U+002B '+' in escape sequence"),
        Arguments.of("\"\\uD800\"", 2, "escape sequence is an invalid Unicode code point"),
        Arguments.of("\"\\U00110000\"", 2, "escape sequence is an invalid Unicode code point"),
        Arguments.of("\"\\u12\"", 2, "illegal character U+0022 '\"' in escape sequence"),
        Arguments.of("\"\\x1", 2, "escape sequence not terminated"),
        Arguments.of("'\\\"'", 2, "unknown escape sequence U+0022 '\"'"),
        Arguments.of(
            "bool", 1, "expected an expression, found the keyword \"bool\", not a metric name"),
        Arguments.of(
            "x + group_left",
            5,
            "expected an expression, found the keyword \"group_left\", not a metric name"),
        Arguments.of(
            "sum(ON)", 5, "expected an expression, found the keyword \"ON\", not a metric name"),
        Arguments.of(
            "sum by (without) (x)", 9, "expected a label name in the grouping, found \"without\""),
        Arguments.of(
            "x + on(a) group_left(NaN) y",
            22,
            "expected a label name in the grouping, found \"NaN\""),
        Arguments.of("1e309", 1, "error parsing number: \"1e309\""),
        Arguments.of("0x8000000000000000", 1, "error parsing number: \"0x8000000000000000\""),
        Arguments.of("x offset 0s", 10, "duration must be greater than 0"),
        Arguments.of("x offset -0m", 11, "duration must be greater than 0"),
        Arguments.of(
            "x offset +5m",
            10,
            "a plus sign after offset needs Prometheus 3.4 or later; the target is Prometheus 2.42.0"
                + " (promtool 2.42)"),
        Arguments.of("1 +\f1", 4, "unexpected character U+000C"),
        Arguments.of("1 +\u20031", 4, "unexpected character U+2003 '\u2003'"),
        Arguments.of(
            "up # comment\r offset", 21, "expected a duration for the offset, found end of input"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedEdges")
  void refusesTheEdgesAsPromtoolDoes(String expression, int column, String message) {
    namesTheColumnAndWhatWasExpected(expression, column, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void namesTheColumnAndWhatWasExpected(String expression, int column, String message) {
    assertThatThrownBy(() -> PromqlParser.parse(expression, PROMTOOL))
        .isInstanceOfSatisfying(
            PromqlException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo(message);
              assertThat(e.column()).isEqualTo(column);
            });
  }

  static Stream<Arguments> typed() {
    return Stream.of(
        Arguments.of("up", PromqlType.VECTOR),
        Arguments.of("up[5m]", PromqlType.MATRIX),
        Arguments.of("rate(up[5m])[1h:]", PromqlType.MATRIX),
        Arguments.of("1 + 2 * 3", PromqlType.SCALAR),
        Arguments.of("1 == bool 2", PromqlType.SCALAR),
        Arguments.of("scalar(up) + 1", PromqlType.SCALAR),
        Arguments.of("up * 2", PromqlType.VECTOR),
        Arguments.of("\"text\"", PromqlType.STRING),
        Arguments.of("-(up)", PromqlType.VECTOR),
        Arguments.of("x @ start() [5m]", PromqlType.MATRIX),
        Arguments.of("x @ -9223372036854774784", PromqlType.VECTOR),
        Arguments.of("x @ -0x10", PromqlType.VECTOR),
        // Only a name outside the braces conflicts with __name__ inside (promtool 2.42 agrees).
        Arguments.of("{__name__=\"a\", __name__=\"b\"}", PromqlType.VECTOR),
        Arguments.of("\"\\377\\xFF\\U0010FFFF\\uE000\"", PromqlType.STRING),
        Arguments.of("by + offset", PromqlType.VECTOR),
        Arguments.of("sum by (bool, on, atan2, group_left, start) (x)", PromqlType.VECTOR),
        Arguments.of("0789 + 1e-400", PromqlType.SCALAR),
        Arguments.of("1 # comment\r+ 1", PromqlType.SCALAR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typed")
  void knowsTheTypeOfAnExpression(String expression, PromqlType type) throws PromqlException {
    assertThat(PromqlParser.parse(expression, PROMTOOL)).isEqualTo(type);
  }

  private static final PrometheusTarget PROMETHEUS_3 =
      PrometheusTarget.of(new PrometheusVersion(3, 4, 2), "spec.prometheus.version");
  private static final PrometheusTarget PROMETHEUS_2_53 =
      PrometheusTarget.of(new PrometheusVersion(2, 53, 0), "status.observed.prometheusVersion");

  private static String refusal(String expression, PrometheusTarget target) {
    try {
      PromqlParser.parse(expression, target);
      return null;
    } catch (PromqlException e) {
      return e.getMessage();
    }
  }

  @Test
  void holtWintersLoadsOnlyWherePrometheus2Runs() {
    String expression = "holt_winters(node_load5[10m], 0.3, 0.7)";

    assertThat(refusal(expression, PrometheusTarget.allSupported()))
        .isEqualTo(
            "function \"holt_winters\" was removed in Prometheus 3.0 (renamed"
                + " double_exponential_smoothing, experimental there); this rule must load on"
                + " Prometheus 2.42–3.5 (every supported Prometheus release)");
    assertThat(refusal(expression, PROMETHEUS_3))
        .isEqualTo(
            "function \"holt_winters\" was removed in Prometheus 3.0 (renamed"
                + " double_exponential_smoothing, experimental there); the target is Prometheus"
                + " 3.4.2 (spec.prometheus.version)");
    assertThat(refusal(expression, PROMETHEUS_2_53)).isNull();
  }

  @Test
  void quotedNamesLoadOnlyWhereTheirReleaseRuns() {
    String grouping = "sum by (\"k8s.pod\") (node_load5)";
    assertThat(refusal(grouping, PROMETHEUS_3)).isNull();
    assertThat(refusal(grouping, PROMETHEUS_2_53))
        .isEqualTo(
            "a quoted label name in a grouping needs Prometheus 2.55 or later; the target is"
                + " Prometheus 2.53.0 (status.observed.prometheusVersion)");
    assertThat(refusal(grouping, PrometheusTarget.of(new PrometheusVersion(2, 55, 1), "x")))
        .isEqualTo(
            "a label name outside [a-zA-Z_][a-zA-Z0-9_]* in a grouping (Prometheus 2.55 loads it"
                + " only with --enable-feature=utf8-names) needs Prometheus 3.0 or later; the"
                + " target is Prometheus 2.55.1 (x)");
    assertThat(refusal(grouping, PrometheusTarget.allSupported()))
        .isEqualTo(
            "a quoted label name in a grouping needs Prometheus 2.55 or later; this rule must"
                + " load on Prometheus 2.42–3.5 (every supported Prometheus release)");

    String selector = "rate({\"gym.requests\", route=\"/\"}[5m])";
    assertThat(refusal(selector, PROMETHEUS_3)).isNull();
    assertThat(refusal(selector, PROMETHEUS_2_53)).isNull();
    assertThat(refusal(selector, PrometheusTarget.allSupported()))
        .isEqualTo(
            "a quoted metric name inside braces needs Prometheus 2.51 or later; this rule must"
                + " load on Prometheus 2.42–3.5 (every supported Prometheus release)");
  }

  @Test
  void anExperimentalFunctionNamesTheFlagItNeeds() {
    assertThat(refusal("mad_over_time(node_load5[1h])", PROMETHEUS_3))
        .isEqualTo(
            "function \"mad_over_time\" is experimental and loads only with"
                + " --enable-feature=promql-experimental-functions, which neither"
                + " kube-prometheus-stack nor the managed stack sets; the target is Prometheus"
                + " 3.4.2 (spec.prometheus.version)");
    assertThat(refusal("rate(gym_requests_total[10m+5m])", PROMETHEUS_3))
        .isEqualTo(
            "a duration expression is experimental and loads only with"
                + " --enable-feature=promql-duration-expr, which neither kube-prometheus-stack nor"
                + " the managed stack sets; the target is Prometheus 3.4.2"
                + " (spec.prometheus.version)");
    assertThat(refusal("limitk(3, node_load5)", PROMETHEUS_2_53))
        .isEqualTo(
            "aggregation \"limitk\" needs Prometheus 2.54 or later and"
                + " --enable-feature=promql-experimental-functions there; the target is"
                + " Prometheus 2.53.0 (status.observed.prometheusVersion)");
  }

  @Test
  void theColumnIsThatOfTheConstruct() {
    assertThatThrownBy(() -> PromqlParser.parse("1 + holt_winters(x[5m], 0.1, 0.2)", PROMETHEUS_3))
        .isInstanceOfSatisfying(PromqlException.class, e -> assertThat(e.column()).isEqualTo(5));
  }
}
