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
      "Conditions in metav1.Condition shape: Ready (every object is in its desired state), Available (the gym's Deployment has its replicas available), Selected (a Prometheus and Alertmanager of the prometheus-operator select the objects), Observed (the Prometheus of spec.prometheus.url scrapes the gym and loaded its rules).")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Every object the resource becomes: applied, or skipped and why.")
  public List<ManagedResourceStatus> resources = new ArrayList<>();

  @JsonPropertyDescription(
      "Number of alert rules published, in the PrometheusRule or the plain form's rule file.")
  public Integer alertRules;

  @JsonPropertyDescription("Names of the Alertmanager receivers this resource's alerts go to.")
  public List<String> receivers = new ArrayList<>();

  @JsonPropertyDescription(
      "What the Prometheus of spec.prometheus.url reports about this resource; absent without that URL or while it cannot be reached.")
  public ObservedStatus observed;

  @JsonPropertyDescription(
      "The in-cluster URLs of the managed stack; absent unless spec.stack.mode is managed.")
  public StackStatus stack;
}
