package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quotes only where YAML needs them, as kubectl prints: what a reader would take for another type.
 */
class PlainYamlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "true",
        "yes",
        "on",
        "no",
        "off",
        "Y",
        "null",
        "~",
        "",
        "8080",
        "0755",
        "1.5",
        ".5",
        "1e3",
        "0x1F",
        "0o17",
        "12:30",
        ".inf",
        "-.Inf",
        ".NaN",
        "2026-11-29",
        "a: b",
        "#x",
        "- dash"
      })
  void quotesWhatAReaderWouldTakeForSomethingElse(String value) {
    String yaml = PlainYaml.write(Map.of("k", value));
    assertThat(yaml).as(yaml).isIn("k: \"" + value + "\"\n", "k: '" + value + "'\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10s", "1h30m", "gym", "causal-gym", "/metrics", "apps/v1", "v1", "500m"})
  void leavesPlainStringsPlain(String value) {
    assertThat(PlainYaml.write(Map.of("k", value))).isEqualTo("k: " + value + "\n");
  }
}
