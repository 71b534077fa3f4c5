package org.causalgym.operator.promql;

import static org.causalgym.operator.promql.PromqlType.MATRIX;
import static org.causalgym.operator.promql.PromqlType.SCALAR;
import static org.causalgym.operator.promql.PromqlType.STRING;
import static org.causalgym.operator.promql.PromqlType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions of PromQL as Prometheus 2.42 (the promtool the tests run) knows them, with their
 * argument and return types.
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

  private static final Map<String, Signature> FUNCTIONS = new HashMap<>();

  static {
    for (String name :
        List.of(
            "abs",
            "absent",
            "acos",
            "acosh",
            "asin",
            "asinh",
            "atan",
            "atanh",
            "ceil",
            "cos",
            "cosh",
            "deg",
            "exp",
            "floor",
            "histogram_count",
            "histogram_sum",
            "ln",
            "log10",
            "log2",
            "rad",
            "sgn",
            "sin",
            "sinh",
            "sort",
            "sort_desc",
            "sqrt",
            "tan",
            "tanh",
            "timestamp")) {
      add(name, 0, VECTOR, VECTOR);
    }
    for (String name :
        List.of(
            "absent_over_time",
            "avg_over_time",
            "changes",
            "count_over_time",
            "delta",
            "deriv",
            "idelta",
            "increase",
            "irate",
            "last_over_time",
            "max_over_time",
            "min_over_time",
            "present_over_time",
            "rate",
            "resets",
            "stddev_over_time",
            "stdvar_over_time",
            "sum_over_time")) {
      add(name, 0, VECTOR, MATRIX);
    }
    for (String name :
        List.of(
            "days_in_month",
            "day_of_month",
            "day_of_week",
            "day_of_year",
            "hour",
            "minute",
            "month",
            "year")) {
      add(name, 1, VECTOR, VECTOR);
    }
    add("clamp", 0, VECTOR, VECTOR, SCALAR, SCALAR);
    add("clamp_max", 0, VECTOR, VECTOR, SCALAR);
    add("clamp_min", 0, VECTOR, VECTOR, SCALAR);
    add("histogram_fraction", 0, VECTOR, SCALAR, SCALAR, VECTOR);
    add("histogram_quantile", 0, VECTOR, SCALAR, VECTOR);
    add("holt_winters", 0, VECTOR, MATRIX, SCALAR, SCALAR);
    add("label_replace", 0, VECTOR, VECTOR, STRING, STRING, STRING, STRING);
    add("label_join", -1, VECTOR, VECTOR, STRING, STRING, STRING);
    add("pi", 0, SCALAR);
    add("predict_linear", 0, VECTOR, MATRIX, SCALAR);
    add("quantile_over_time", 0, VECTOR, SCALAR, MATRIX);
    add("round", 1, VECTOR, VECTOR, SCALAR);
    add("scalar", 0, SCALAR, VECTOR);
    add("time", 0, SCALAR);
    add("vector", 0, VECTOR, SCALAR);
  }

  private PromqlFunctions() {}

  private static void add(String name, int variadic, PromqlType returns, PromqlType... args) {
    FUNCTIONS.put(name, new Signature(List.of(args), variadic, returns));
  }

  static Optional<Signature> find(String name) {
    return Optional.ofNullable(FUNCTIONS.get(name));
  }
}
