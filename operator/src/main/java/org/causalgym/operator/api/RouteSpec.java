package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** How Alertmanager groups this resource's alerts and how often it notifies. */
public class RouteSpec {

  @ListType("set")
  @ValidationRule(
      value = "!('...' in self) || size(self) == 1",
      message =
          "... groups by all labels and cannot be listed with others (Alertmanager refuses it)")
  @JsonPropertyDescription(
      "Labels that group alerts into one notification, each a Prometheus label name listed once; ... alone groups by all labels. Default [alertname].")
  @Size(max = 32)
  public List<@Size(max = 128) @Pattern("^(\\.\\.\\.|[a-zA-Z_][a-zA-Z0-9_]*)$") String> groupBy =
      new ArrayList<>(List.of("alertname"));

  @Size(min = 1)
  @Pattern(PrometheusDuration.FOR_PATTERN)
  @JsonPropertyDescription("Wait before the first notification of a new group. Default 10s.")
  public String groupWait = "10s";

  @Size(min = 1)
  @Pattern(PrometheusDuration.FOR_PATTERN)
  @JsonPropertyDescription("Wait before notifying about new alerts of a group. Default 10s.")
  public String groupInterval = "10s";

  @Size(min = 1)
  @Pattern(PrometheusDuration.FOR_PATTERN)
  @JsonPropertyDescription(
      "Wait before repeating a notification that was already sent. Default 1h.")
  public String repeatInterval = "1h";
}
