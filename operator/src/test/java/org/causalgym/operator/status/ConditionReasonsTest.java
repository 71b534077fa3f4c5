package org.causalgym.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.junit.jupiter.api.Test;

/** The one vocabulary of condition types and reasons that status, Events and metrics share. */
class ConditionReasonsTest {

  private static Stream<ConditionReason> allReasons() {
    return Stream.of(ConditionType.values()).flatMap(t -> t.reasons().stream());
  }

  @Test
  void everyReasonIsDeclaredOnce() {
    Map<String, List<ConditionType>> typesByReason =
        Stream.of(ConditionType.values())
            .flatMap(t -> t.reasons().stream().map(r -> Map.entry(r.name(), t)))
            .collect(
                Collectors.groupingBy(
                    Map.Entry::getKey,
                    Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    assertThat(typesByReason)
        .allSatisfy((reason, types) -> assertThat(types).as(reason).hasSize(1));
    assertThat(typesByReason).hasSize((int) allReasons().count());
  }

  /**
   * An Event or a metric label reads a reason without its condition: one named like another
   * condition (StackReady's StackAvailable was Available) would be taken for that condition. A
   * condition's own name as its reason (Selected on Selected) says nothing else and is kept.
   */
  @Test
  void noReasonIsNamedLikeAnotherConditionType() {
    for (ConditionType type : ConditionType.values()) {
      assertThat(type.reasons())
          .as(type.name())
          .extracting(ConditionReason::name)
          .doesNotContainAnyElementsOf(
              Stream.of(ConditionType.values()).filter(t -> t != type).map(Enum::name).toList());
    }
  }

  @Test
  void eachTypeGivesItsOwnReasonsOnly() {
    for (ConditionType type : ConditionType.values()) {
      assertThat(type.reasons()).isNotEmpty();
      assertThat(allReasons().filter(type::gives)).containsExactlyElementsOf(type.reasons());
    }
  }

  /** The CRD's printer columns name condition types in annotations, where no enum can go. */
  @Test
  void thePrinterColumnsNameConditionTypesThatExist() {
    Pattern type = Pattern.compile("@\\.type==\"(\\w+)\"");
    List<String> named =
        Stream.of(CausalGymMonitoring.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(c -> type.matcher(c.jsonPath()))
            .filter(Matcher::find)
            .map(m -> m.group(1))
            .toList();
    assertThat(named)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(ConditionType.valueOf(t)).isNotNull());
  }
}
