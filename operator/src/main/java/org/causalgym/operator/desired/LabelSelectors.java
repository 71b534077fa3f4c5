package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * metav1.LabelSelector as the API server and the prometheus-operator evaluate it, naming each
 * requirement a label set fails so that a person can fix it.
 */
public final class LabelSelectors {

  private LabelSelectors() {}

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    return unmet(selector, labels).isEmpty();
  }

  /**
   * The requirements of a non-null selector that labels fail, each as what the labels need, e.g.
   * {@code release=kps}, {@code tier in (a, b)}, {@code team (any value)}, {@code without canary}.
   */
  public static List<String> unmet(LabelSelector selector, Map<String, String> labels) {
    List<String> unmet = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      selector
          .getMatchLabels()
          .forEach(
              (key, value) -> {
                if (!Objects.equals(labels.get(key), value)) {
                  unmet.add(key + "=" + value);
                }
              });
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        String key = requirement.getKey();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        boolean has = labels.containsKey(key);
        String operator = Objects.requireNonNullElse(requirement.getOperator(), "");
        switch (operator) {
          case "In" -> {
            if (!has || !values.contains(labels.get(key))) {
              unmet.add(
                  values.size() == 1
                      ? key + "=" + values.get(0)
                      : key + " in (" + String.join(", ", values) + ")");
            }
          }
          case "NotIn" -> {
            if (has && values.contains(labels.get(key))) {
              unmet.add(key + " not in (" + String.join(", ", values) + ")");
            }
          }
          case "Exists" -> {
            if (!has) {
              unmet.add(key + " (any value)");
            }
          }
          case "DoesNotExist" -> {
            if (has) {
              unmet.add("without " + key);
            }
          }
          // The API server refuses other operators; a selector holding one selects nothing.
          default -> unmet.add(key + " with unknown operator '" + operator + "'");
        }
      }
    }
    return unmet;
  }
}
