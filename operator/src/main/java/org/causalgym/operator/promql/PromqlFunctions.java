package org.causalgym.operator.promql;

import static org.causalgym.operator.promql.PromqlType.MATRIX;
import static org.causalgym.operator.promql.PromqlType.SCALAR;
import static org.causalgym.operator.promql.PromqlType.STRING;
import static org.causalgym.operator.promql.PromqlType.VECTOR;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The functions of PromQL in every supported Prometheus release (2.42 to 3.5), with the releases
 * each exists in, whether it is experimental, and its signature.
 *
 * <p>Facts from github.com/prometheus/prometheus, promql/parser/functions.go at the tags v2.42.0 …
 * v2.55.0 and v3.0.0 … v3.5.0 (kept per tag as test data, see PromqlVersionTablesTest). No
 * signature changed between those tags, so each function has one.
 */
final class PromqlFunctions {

  /**
   * A function's signature.
   *
   * @param argTypes the types of its arguments; with variadic, the last repeats
   * @param variadic 0: exactly argTypes; n > 0: the last argument optional, up to n of it; -1: any
   *     number of the last
   * @param returnType what it returns
   */
  record Signature(List<PromqlType> argTypes, int variadic, PromqlType returnType) {}

  /**
   * A function over the supported releases.
   *
   * @param name its name
   * @param signature its signature in every release it exists in
   * @param since the first release that has it (OLDEST: every supported release up to removedIn)
   * @param removedIn the first release without it, or null
   * @param removal what became of it, for messages, or null
   * @param experimental whether it is `Experimental: true`, loading only with the flag
   */
  record PromqlFunction(
      String name,
      Signature signature,
      PrometheusVersion since,
      PrometheusVersion removedIn,
      String removal,
      boolean experimental) {

    /** Whether a release has the function. */
    boolean existsIn(PrometheusVersion release) {
      return release.compareTo(since) >= 0
          && (removedIn == null || release.compareTo(removedIn) < 0);
    }

    /** The function as a construct whose releases and flag the target must allow. */
    VersionedConstruct construct() {
      return new VersionedConstruct(
          "function \"" + name + "\"",
          since,
          removedIn,
          removal,
          experimental ? VersionedConstruct.EXPERIMENTAL_FLAG : null);
    }

    private PromqlFunction since(int major, int minor) {
      return new PromqlFunction(
          name,
          signature,
          new PrometheusVersion(major, minor, 0),
          removedIn,
          removal,
          experimental);
    }

    private PromqlFunction removedIn(int major, int minor, String what) {
      return new PromqlFunction(
          name, signature, since, new PrometheusVersion(major, minor, 0), what, experimental);
    }

    private PromqlFunction asExperimental() {
      return new PromqlFunction(name, signature, since, removedIn, removal, true);
    }
  }

  private static final Map<String, PromqlFunction> FUNCTIONS =
      Stream.of(
              fn("abs", 0, VECTOR, VECTOR),
              fn("absent", 0, VECTOR, VECTOR),
              fn("absent_over_time", 0, VECTOR, MATRIX),
              fn("acos", 0, VECTOR, VECTOR),
              fn("acosh", 0, VECTOR, VECTOR),
              fn("asin", 0, VECTOR, VECTOR),
              fn("asinh", 0, VECTOR, VECTOR),
              fn("atan", 0, VECTOR, VECTOR),
              fn("atanh", 0, VECTOR, VECTOR),
              fn("avg_over_time", 0, VECTOR, MATRIX),
              fn("ceil", 0, VECTOR, VECTOR),
              fn("changes", 0, VECTOR, MATRIX),
              fn("clamp", 0, VECTOR, VECTOR, SCALAR, SCALAR),
              fn("clamp_max", 0, VECTOR, VECTOR, SCALAR),
              fn("clamp_min", 0, VECTOR, VECTOR, SCALAR),
              fn("cos", 0, VECTOR, VECTOR),
              fn("cosh", 0, VECTOR, VECTOR),
              fn("count_over_time", 0, VECTOR, MATRIX),
              fn("day_of_month", 1, VECTOR, VECTOR),
              fn("day_of_week", 1, VECTOR, VECTOR),
              fn("day_of_year", 1, VECTOR, VECTOR),
              fn("days_in_month", 1, VECTOR, VECTOR),
              fn("deg", 0, VECTOR, VECTOR),
              fn("delta", 0, VECTOR, MATRIX),
              fn("deriv", 0, VECTOR, MATRIX),
              // v3.0.0: holt_winters renamed, and experimental from the start.
              fn("double_exponential_smoothing", 0, VECTOR, MATRIX, SCALAR, SCALAR)
                  .since(3, 0)
                  .asExperimental(),
              fn("exp", 0, VECTOR, VECTOR),
              fn("floor", 0, VECTOR, VECTOR),
              fn("histogram_avg", 0, VECTOR, VECTOR).since(2, 51),
              fn("histogram_count", 0, VECTOR, VECTOR),
              fn("histogram_fraction", 0, VECTOR, SCALAR, SCALAR, VECTOR),
              fn("histogram_quantile", 0, VECTOR, SCALAR, VECTOR),
              fn("histogram_stddev", 0, VECTOR, VECTOR).since(2, 47),
              fn("histogram_stdvar", 0, VECTOR, VECTOR).since(2, 47),
              fn("histogram_sum", 0, VECTOR, VECTOR),
              fn("holt_winters", 0, VECTOR, MATRIX, SCALAR, SCALAR)
                  .removedIn(3, 0, "renamed double_exponential_smoothing, experimental there"),
              fn("hour", 1, VECTOR, VECTOR),
              fn("idelta", 0, VECTOR, MATRIX),
              fn("increase", 0, VECTOR, MATRIX),
              fn("info", 1, VECTOR, VECTOR, VECTOR).since(2, 55).asExperimental(),
              fn("irate", 0, VECTOR, MATRIX),
              fn("label_join", -1, VECTOR, VECTOR, STRING, STRING, STRING),
              fn("label_replace", 0, VECTOR, VECTOR, STRING, STRING, STRING, STRING),
              fn("last_over_time", 0, VECTOR, MATRIX),
              fn("ln", 0, VECTOR, VECTOR),
              fn("log10", 0, VECTOR, VECTOR),
              fn("log2", 0, VECTOR, VECTOR),
              fn("mad_over_time", 0, VECTOR, MATRIX).since(2, 49).asExperimental(),
              fn("max_over_time", 0, VECTOR, MATRIX),
              fn("min_over_time", 0, VECTOR, MATRIX),
              fn("minute", 1, VECTOR, VECTOR),
              fn("month", 1, VECTOR, VECTOR),
              fn("pi", 0, SCALAR),
              fn("predict_linear", 0, VECTOR, MATRIX, SCALAR),
              fn("present_over_time", 0, VECTOR, MATRIX),
              fn("quantile_over_time", 0, VECTOR, SCALAR, MATRIX),
              fn("rad", 0, VECTOR, VECTOR),
              fn("rate", 0, VECTOR, MATRIX),
              fn("resets", 0, VECTOR, MATRIX),
              fn("round", 1, VECTOR, VECTOR, SCALAR),
              fn("scalar", 0, SCALAR, VECTOR),
              fn("sgn", 0, VECTOR, VECTOR),
              fn("sin", 0, VECTOR, VECTOR),
              fn("sinh", 0, VECTOR, VECTOR),
              fn("sort", 0, VECTOR, VECTOR),
              fn("sort_by_label", -1, VECTOR, VECTOR, STRING).since(2, 49).asExperimental(),
              fn("sort_by_label_desc", -1, VECTOR, VECTOR, STRING).since(2, 49).asExperimental(),
              fn("sort_desc", 0, VECTOR, VECTOR),
              fn("sqrt", 0, VECTOR, VECTOR),
              fn("stddev_over_time", 0, VECTOR, MATRIX),
              fn("stdvar_over_time", 0, VECTOR, MATRIX),
              fn("sum_over_time", 0, VECTOR, MATRIX),
              fn("tan", 0, VECTOR, VECTOR),
              fn("tanh", 0, VECTOR, VECTOR),
              fn("time", 0, SCALAR),
              fn("timestamp", 0, VECTOR, VECTOR),
              fn("ts_of_last_over_time", 0, VECTOR, MATRIX).since(3, 5).asExperimental(),
              fn("ts_of_max_over_time", 0, VECTOR, MATRIX).since(3, 5).asExperimental(),
              fn("ts_of_min_over_time", 0, VECTOR, MATRIX).since(3, 5).asExperimental(),
              fn("vector", 0, VECTOR, SCALAR),
              fn("year", 1, VECTOR, VECTOR))
          .collect(
              Collectors.toMap(
                  PromqlFunction::name,
                  Function.identity(),
                  (a, b) -> {
                    throw new IllegalStateException("function declared twice: " + a.name());
                  },
                  LinkedHashMap::new));

  private PromqlFunctions() {}

  private static PromqlFunction fn(
      String name, int variadic, PromqlType returns, PromqlType... args) {
    return new PromqlFunction(
        name,
        new Signature(List.of(args), variadic, returns),
        PrometheusVersion.OLDEST,
        null,
        null,
        false);
  }

  /** The function of this name in any supported release. */
  static Optional<PromqlFunction> find(String name) {
    return Optional.ofNullable(FUNCTIONS.get(name));
  }

  /** The functions a release has, by name. */
  static Map<String, PromqlFunction> in(PrometheusVersion release) {
    Map<String, PromqlFunction> functions = new LinkedHashMap<>();
    FUNCTIONS.values().stream()
        .filter(f -> f.existsIn(release))
        .forEach(f -> functions.put(f.name(), f));
    return functions;
  }
}
