package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Field selectors parsed and matched as k8s.io/apimachinery pkg/fields does. */
class FieldSelectorTest {

  private static final Map<String, String> EVENT =
      Map.of("involvedObject.name", "gym", "reason", "Created", "type", "Normal");

  @Test
  void equalsDoubleEqualsAndNotEqualsAreTermsJoinedByCommas() throws Exception {
    assertThat(FieldSelector.parse("involvedObject.name=gym,reason==Created").matches(EVENT::get))
        .isTrue();
    assertThat(FieldSelector.parse("involvedObject.name=gym,type!=Normal").matches(EVENT::get))
        .isFalse();
    assertThat(FieldSelector.parse("involvedObject.name!=other").matches(EVENT::get)).isTrue();
  }

  @Test
  void aMissingFieldIsEmptyAndTheEmptySelectorSelectsEverything() throws Exception {
    assertThat(FieldSelector.parse("source=").matches(EVENT::get)).isTrue();
    assertThat(FieldSelector.parse("").matches(EVENT::get)).isTrue();
  }

  @Test
  void escapedCommasAndEqualsSignsBelongToTheValue() throws Exception {
    assertThat(FieldSelector.parse("reason=a\\,b\\=c\\\\").terms())
        .containsExactly(new FieldSelector.Term("reason", true, "a,b=c\\"));
  }

  @Test
  void malformedSelectorsAndUnsupportedFieldsAreRefusedAsTheApiServerWords() throws Exception {
    assertThatThrownBy(() -> FieldSelector.parse("reason"))
        .hasMessage("invalid selector: 'reason'; can't understand 'reason'");
    assertThatThrownBy(() -> FieldSelector.parse("reason=a\\x"))
        .hasMessage("invalid field selector: invalid escape sequence: \\x");
    assertThatThrownBy(() -> FieldSelector.parse("reason=a=b"))
        .hasMessage("invalid field selector: unescaped character in value: 61");
    assertThatThrownBy(() -> FieldSelector.parse("spec.x=1").supportedBy(Set.of("reason")))
        .hasMessage("field label not supported: spec.x");
  }
}
