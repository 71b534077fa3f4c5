package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator did with the resource, and why not where it did not. */
public class CausalGymMonitoringStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions in metav1.Condition shape; Ready tells whether every object is in its desired state.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Every object the resource becomes: applied, or skipped and why.")
  public List<ManagedResourceStatus> resources = new ArrayList<>();

  @JsonPropertyDescription("Number of alert rules in the PrometheusRule.")
  public Integer alertRules;

  @JsonPropertyDescription("Names of the Alertmanager receivers this resource's alerts go to.")
  public List<String> receivers = new ArrayList<>();
}
