package org.causalgym.operator.promql;

import java.util.Optional;

/**
 * A piece of PromQL that only some releases load: a function, an aggregator or a syntax, with the
 * first release that has it, the first that no longer has it, and the feature flag it needs.
 *
 * @param what the construct as messages name it, e.g. {@code function "holt_winters"}
 * @param since the first release that has it (OLDEST: every supported release up to removedIn)
 * @param removedIn the first release without it, or null
 * @param removal what became of it, for messages, or null
 * @param flag the {@code --enable-feature} it needs in every release, or null
 */
record VersionedConstruct(
    String what,
    PrometheusVersion since,
    PrometheusVersion removedIn,
    String removal,
    String flag) {

  /** The feature flag experimental functions and aggregators need (cmd/prometheus/main.go). */
  static final String EXPERIMENTAL_FLAG = "promql-experimental-functions";

  /**
   * A quoted metric name inside braces, {@code {"my.metric"}}: the grammar's string_identifier
   * (promql/parser/generated_parser.y, label_matcher) from v2.51.0; v2.50.0 has none. It is not
   * validated against the name validation scheme (parse_test.go at v2.51.0: {@code {"foo"}}).
   */
  static final VersionedConstruct QUOTED_METRIC_NAME =
      new VersionedConstruct(
          "a quoted metric name inside braces", new PrometheusVersion(2, 51, 0), null, null, null);

  /** A quoted label name in a matcher, {@code {"a.b"="x"}}: label_matcher as above, v2.51.0. */
  static final VersionedConstruct QUOTED_MATCHER_LABEL =
      new VersionedConstruct(
          "a quoted label name in a matcher", new PrometheusVersion(2, 51, 0), null, null, null);

  /**
   * A quoted label name in by, without, on, ignoring, group_left or group_right: grouping_label's
   * STRING alternative in promql/parser/generated_parser.y from v2.55.0 (parse_test.go at v2.55.0:
   * {@code sum by ("foo")({"some.metric"})}).
   */
  static final VersionedConstruct QUOTED_GROUPING_LABEL =
      new VersionedConstruct(
          "a quoted label name in a grouping", new PrometheusVersion(2, 55, 0), null, null, null);

  /**
   * A grouping label that is no legacy label name ([a-zA-Z_][a-zA-Z0-9_]*), {@code by ("a.b")} or
   * {@code by (a:b)}: grouping_label checks model.LabelName.IsValid(), which follows
   * model.NameValidationScheme; cmd/prometheus and cmd/promtool set it to UTF8Validation from
   * v3.0.0, v2.55.0 only with --enable-feature=utf8-names.
   */
  static final VersionedConstruct UTF8_GROUPING_LABEL =
      new VersionedConstruct(
          "a label name outside [a-zA-Z_][a-zA-Z0-9_]* in a grouping (Prometheus 2.55 loads it"
              + " only with --enable-feature=utf8-names)",
          new PrometheusVersion(3, 0, 0),
          null,
          null,
          null);

  /**
   * limitk and limit_ratio: aggregators from v2.54.0 (lex.go key, generated_parser.y aggregate_op),
   * refused by newAggregateExpr in parse.go unless EnableExperimentalFunctions.
   */
  static VersionedConstruct experimentalAggregator(String name) {
    return new VersionedConstruct(
        "aggregation \"" + name + "\"",
        new PrometheusVersion(2, 54, 0),
        null,
        null,
        EXPERIMENTAL_FLAG);
  }

  /**
   * A named group {@code (?<name>re)} in a regex matcher: Go's regexp/syntax knows it from Go 1.22;
   * Prometheus' release binaries are built with the Go of .promu.yml, 1.21 at v2.50.0 and 1.22 at
   * v2.51.0 (Debian's promtool 2.42 is built with an older Go and refuses it).
   */
  static final VersionedConstruct NAMED_REGEX_GROUP =
      new VersionedConstruct(
          "a named group (?<name>…) in a regular expression",
          new PrometheusVersion(2, 51, 0),
          null,
          null,
          null);

  /**
   * A number where a duration stands, {@code x[300]}, {@code x[5m:10]}, {@code x offset 60}:
   * number_duration_literal in promql/parser/generated_parser.y from v2.54.0 (parse_test.go at
   * v2.54.0: {@code test[5]}); v2.53.0 wants a DURATION there.
   */
  static final VersionedConstruct NUMBER_AS_DURATION =
      new VersionedConstruct(
          "a number as a duration", new PrometheusVersion(2, 54, 0), null, null, null);

  /**
   * A duration where a number stands, {@code time() - 5m}, {@code x @ 1m}: number_duration_literal
   * in expr and DURATION in number, generated_parser.y from v2.54.0 (parse_test.go at v2.54.0:
   * {@code some_metric[5m] @ 1m}).
   */
  static final VersionedConstruct DURATION_AS_NUMBER =
      new VersionedConstruct(
          "a duration as a number", new PrometheusVersion(2, 54, 0), null, null, null);

  /**
   * Underscores between the digits of a number, {@code 1_000}: scanNumber in promql/parser/lex.go
   * from v2.54.0 (lex_test.go at v2.54.0: {@code 00_1_23_4.56_7_8}, {@code 0x1_2_34}).
   */
  static final VersionedConstruct NUMBER_WITH_UNDERSCORES =
      new VersionedConstruct(
          "a number with underscores between its digits",
          new PrometheusVersion(2, 54, 0),
          null,
          null,
          null);

  /**
   * A plus sign after offset, {@code x offset +5m}: offset_expr takes only SUB up to v3.3.0; from
   * v3.4.0 it takes a duration_expr (v3.5.0: offset_duration_expr), which has unary_op.
   */
  static final VersionedConstruct OFFSET_PLUS =
      new VersionedConstruct(
          "a plus sign after offset", new PrometheusVersion(3, 4, 0), null, null, null);

  /**
   * Arithmetic on durations in a range, a subquery or an offset: duration_expr in
   * promql/parser/generated_parser.y from v3.4.0, refused by experimentalDurationExpr (parse.go)
   * unless --enable-feature=promql-duration-expr (cmd/prometheus/main.go at v3.4.0; parse_test.go:
   * {@code foo[11s+10s-5*2^2]}).
   */
  static final VersionedConstruct DURATION_EXPRESSION =
      new VersionedConstruct(
          "a duration expression",
          new PrometheusVersion(3, 4, 0),
          null,
          null,
          "promql-duration-expr");

  /** Why the target's releases do not all load it, or empty when they do. */
  Optional<String> problemOn(PrometheusTarget target) {
    String problem;
    if (target.oldest().compareTo(since) < 0) {
      problem =
          what
              + " needs Prometheus "
              + since.minorText()
              + " or later"
              + (flag == null ? "" : " and --enable-feature=" + flag + " there");
    } else if (removedIn != null && target.newest().compareTo(removedIn) >= 0) {
      problem =
          what
              + " was removed in Prometheus "
              + removedIn.minorText()
              + (removal == null ? "" : " (" + removal + ")");
    } else if (flag != null) {
      problem =
          what
              + " is experimental and loads only with --enable-feature="
              + flag
              + ", which neither kube-prometheus-stack nor the managed stack sets";
    } else {
      return Optional.empty();
    }
    return Optional.of(problem + "; " + describe(target));
  }

  private static String describe(PrometheusTarget target) {
    return (target.versions().size() == 1 ? "the target is " : "this rule must load on ")
        + target.describe()
        + " ("
        + target.reason()
        + ")";
  }
}
