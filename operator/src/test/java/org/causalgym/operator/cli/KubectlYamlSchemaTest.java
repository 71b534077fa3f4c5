package org.causalgym.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Plain scalars get the type kubectl's YAML decoder (go-yaml v2.4.0, {@code resolve.go}) gives
 * them; the expectations follow that file and Go's {@code strconv.ParseInt(s, 0, 64)}.
 */
class KubectlYamlSchemaTest {

  private static final Load YAML =
      new Load(LoadSettings.builder().setSchema(new KubectlYamlSchema()).build());

  static Stream<Arguments> scalars() {
    return Stream.of(
        Arguments.of("~", null),
        Arguments.of("", null),
        Arguments.of("Null", null),
        Arguments.of("NULL", null),
        Arguments.of("nULL", "nULL"),
        Arguments.of("yes", true),
        Arguments.of("Y", true),
        Arguments.of("On", true),
        Arguments.of("TRUE", true),
        Arguments.of("n", false),
        Arguments.of("Off", false),
        Arguments.of("No", false),
        Arguments.of("yEs", "yEs"),
        Arguments.of("12", 12L),
        Arguments.of("+12", 12L),
        Arguments.of("-12", -12L),
        Arguments.of("0x1F", 31L),
        Arguments.of("017", 15L),
        Arguments.of("0o17", 15L),
        Arguments.of("0b101", 5L),
        Arguments.of("1_000", 1000L),
        Arguments.of("09", 9.0),
        Arguments.of("18446744073709551615", new BigInteger("18446744073709551615")),
        Arguments.of("-9223372036854775809", -9.223372036854775809e18),
        Arguments.of(".5", 0.5),
        Arguments.of("1.", 1.0),
        Arguments.of("1e3", 1000.0),
        Arguments.of("1e400", "1e400"),
        Arguments.of(".5f", ".5f"),
        Arguments.of("0x", "0x"),
        Arguments.of("12:30", "12:30"),
        Arguments.of("1.2.3", "1.2.3"),
        Arguments.of("\u0661\u0662", "\u0661\u0662"),
        Arguments.of("'yes'", "yes"),
        Arguments.of("\"~\"", "~"),
        Arguments.of("!!str 12", "12"));
  }

  @ParameterizedTest(name = "value: {0}")
  @MethodSource("scalars")
  void plainScalarsTakeKubectlsTypes(String scalar, Object expected) {
    Map<?, ?> document = (Map<?, ?>) YAML.loadFromString("value: " + scalar + "\n");

    assertThat(document.get("value")).isEqualTo(expected);
  }

  @Test
  void theSpecialValuesOfFloatsAreNumbers() {
    assertThat(YAML.loadFromString("-.Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat((Double) YAML.loadFromString(".NaN")).isNaN();
  }
}
