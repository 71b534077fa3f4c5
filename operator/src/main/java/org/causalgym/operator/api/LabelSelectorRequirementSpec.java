package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** One requirement of a label selector, as metav1.LabelSelectorRequirement. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "(self.operator in ['In', 'NotIn']) == (has(self.values) && size(self.values) > 0)",
    fieldPath = ".values",
    message = "values must be non-empty for In and NotIn, and empty for Exists and DoesNotExist")
public class LabelSelectorRequirementSpec {

  /** The operators of metav1.LabelSelectorRequirement. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }

  @Required
  @Size(min = 1, max = 317)
  @Pattern(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
  @JsonPropertyDescription("The label key.")
  public String key;

  @Required
  @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
  public Operator operator;

  @JsonPropertyDescription("Label values; non-empty for In and NotIn, empty otherwise.")
  @Size(max = Labels.MAX_LABELS)
  public List<@Size(max = Labels.VALUE_MAX_LENGTH) @Pattern(Labels.VALUE_PATTERN) String> values =
      new ArrayList<>();
}
