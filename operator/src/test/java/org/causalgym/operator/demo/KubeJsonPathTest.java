package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSONPath subset of printer columns, against what client-go's util/jsonpath (v1.32.0) selects
 * from the same object.
 */
class KubeJsonPathTest {

  private static final JsonNode OBJECT =
      Serialization.unmarshal(
          """
          {"metadata": {"name": "gym",
                        "annotations": {"example.com/tier": "gold"},
                        "labels": {"b": "2", "a": "1"}},
           "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "Reconciled"},
                                     {"type": "Available", "status": "False"},
                                     {"type": "Scaled", "count": 3, "ratio": 0.5}],
                      "alertRules": 4,
                      "items": ["a", "b", "c", "d"],
                      "flag": true,
                      "nothing": null}}
          """,
          JsonNode.class);

  private static List<String> texts(String path) {
    return KubeJsonPath.parse(path).find(OBJECT).stream().map(KubeJsonPath.GoValues::text).toList();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        ".metadata.name                                         | gym",
        ".metadata.annotations.example\\.com/tier                | gold",
        ".metadata.labels['a']                                  | 1",
        ".status.items[0]                                       | a",
        ".status.items[-1]                                      | d",
        ".status.items[1:3]                                     | b c",
        ".status.items[::2]                                     | a c",
        ".status.items[*]                                       | a b c d",
        ".metadata.labels.*                                     | 1 2",
        ".status.conditions[?(@.type==\"Ready\")].status        | True",
        ".status.conditions[?(@.type == 'Available')].status    | False",
        ".status.conditions[?(@.type!=\"Ready\")].type          | Available Scaled",
        ".status.conditions[?(@.reason)].type                   | Ready",
        ".status.conditions[?(@.ratio>0.25)].type               | Scaled",
        ".status.conditions[*].type                             | Ready Available Scaled",
        ".status.alertRules                                     | 4",
        ".status.flag                                           | true",
      })
  void selectsWhatClientGoSelects(String path, String expected) {
    assertThat(String.join(" ", texts(path.strip()))).isEqualTo(expected.strip());
  }

  @Test
  void aMissingKeySelectsNothing() {
    assertThat(texts(".status.missing.deeper")).isEmpty();
    assertThat(texts(".status.conditions[?(@.type==\"Gone\")].status")).isEmpty();
    // The parser re-reads ['key'] as .key, so a dot in it separates two fields, as in client-go.
    assertThat(texts(".metadata.annotations['example.com/tier']")).isEmpty();
    assertThat(texts(".status.nothing.deeper")).isEmpty();
  }

  /**
   * evalOperator turns a literal int into a float64 while a JSON integer stays an int64, and values
   * of different kinds never match: an integer comparison selects nothing.
   */
  @Test
  void anIntegerLiteralNeverMatchesAJsonIntegerAsInClientGo() {
    assertThat(texts(".status.conditions[?(@.count==3)].type")).isEmpty();
    assertThat(texts(".status.conditions[?(@.count>1)].type")).isEmpty();
  }

  /**
   * evalFilter ignores an error on the left (missing keys are allowed) and tests what evalList
   * returned with it, the values the failing node was given: out of bounds still "exists".
   */
  @Test
  void anErrorOnTheLeftOfAFilterKeepsTheValuesItWasGiven() {
    assertThat(texts(".status.conditions[?(@.type[0])].type"))
        .containsExactly("Ready", "Available", "Scaled");
  }

  @Test
  void evaluationErrorsAreClientGosErrors() {
    assertThatThrownBy(() -> KubeJsonPath.parse(".status.items[7]").find(OBJECT))
        .isInstanceOf(KubeJsonPath.EvaluationError.class)
        .hasMessage("array index out of bounds: index 7, length 4");
    assertThatThrownBy(() -> KubeJsonPath.parse(".metadata.name[0]").find(OBJECT))
        .isInstanceOf(KubeJsonPath.EvaluationError.class)
        .hasMessage("string is not array or slice");
    // jsonpath.go's walk has no case for a boolean literal.
    assertThatThrownBy(
            () -> KubeJsonPath.parse(".status.conditions[?(@.status==true)]").find(OBJECT))
        .isInstanceOf(KubeJsonPath.EvaluationError.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "..name               | recursive descent",
        ".status.items[0,1]   | a union",
        "range .items        | range/end",
      })
  void whatIsNotEmulatedIsRefusedNamingTheFeature(String path, String feature) {
    assertThatThrownBy(() -> KubeJsonPath.parse(path.strip()))
        .isInstanceOf(KubeJsonPath.Unsupported.class)
        .hasMessageContaining(feature.strip())
        .hasMessageContaining(path.strip());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        ".status.items[         | unterminated array",
        ".status.items[x]       | invalid array index x",
        ".status[?(@.a==\"b\"]  | unterminated filter",
        ".status.items[0]!      | unrecognized character in action: U+0021 '!'",
      })
  void syntaxErrorsAreClientGosMessages(String path, String message) {
    assertThatThrownBy(() -> KubeJsonPath.parse(path.strip()))
        .isNotInstanceOf(KubeJsonPath.Unsupported.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message.strip());
  }

  @Test
  void valuesPrintAsGosFmtPrintsThem() {
    assertThat(texts(".metadata.labels")).containsExactly("map[a:1 b:2]");
    assertThat(texts(".status.items")).containsExactly("[a b c d]");
    assertThat(KubeJsonPath.GoValues.text(DoubleNode.valueOf(0.5))).isEqualTo("0.5");
    assertThat(KubeJsonPath.GoValues.text(DoubleNode.valueOf(123456.0))).isEqualTo("123456");
    assertThat(KubeJsonPath.GoValues.text(DoubleNode.valueOf(1e6))).isEqualTo("1e+06");
    assertThat(KubeJsonPath.GoValues.text(DoubleNode.valueOf(1.5e-5))).isEqualTo("1.5e-05");
  }
}
