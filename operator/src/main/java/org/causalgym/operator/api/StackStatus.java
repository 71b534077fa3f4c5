package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The in-cluster URLs of the managed stack. */
public class StackStatus {

  @JsonPropertyDescription("The managed Prometheus, e.g. http://gym-prometheus.research.svc:9090.")
  public String prometheus;

  @JsonPropertyDescription(
      "The managed Alertmanager; absent when spec.alertmanager.enabled is false.")
  public String alertmanager;

  @JsonPropertyDescription("The managed Grafana.")
  public String grafana;
}
