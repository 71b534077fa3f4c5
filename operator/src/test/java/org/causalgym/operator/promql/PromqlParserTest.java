package org.causalgym.operator.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
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
        Arguments.of("-(up)", PromqlType.VECTOR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typed")
  void knowsTheTypeOfAnExpression(String expression, PromqlType type) throws PromqlException {
    assertThat(PromqlParser.parse(expression)).isEqualTo(type);
  }
}
