package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A metav1.LabelSelector, validated as the API server validates one: label keys and values, and
 * values exactly where the operator needs them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class LabelSelectorSpec {

  @ValidationRule(value = Labels.VALID_KEYS_RULE, message = Labels.VALID_KEYS_MESSAGE)
  @JsonPropertyDescription("Labels the selected objects must carry, each with this value.")
  @Size(max = Labels.MAX_LABELS)
  public Map<String, @Size(max = Labels.VALUE_MAX_LENGTH) @Pattern(Labels.VALUE_PATTERN) String>
      matchLabels = new LinkedHashMap<>();

  @JsonPropertyDescription("Requirements the selected objects' labels must meet, all of them.")
  @Size(max = Labels.MAX_LABELS)
  public List<LabelSelectorRequirementSpec> matchExpressions = new ArrayList<>();

  public LabelSelectorSpec() {}

  public LabelSelectorSpec(Map<String, String> matchLabels) {
    this.matchLabels = new LinkedHashMap<>(matchLabels);
  }
}
