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

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void namesTheColumnAndWhatWasExpected(String expression, int column, String message) {
    assertThatThrownBy(() -> PromqlParser.parse(expression))
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
        // Only a name outside the braces conflicts with __name__ inside (promtool 2.42 agrees).
        Arguments.of("{__name__=\"a\", __name__=\"b\"}", PromqlType.VECTOR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typed")
  void knowsTheTypeOfAnExpression(String expression, PromqlType type) throws PromqlException {
    assertThat(PromqlParser.parse(expression)).isEqualTo(type);
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
