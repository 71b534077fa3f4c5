package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * The monitoring stack: external (the cluster's) or managed (Prometheus, Alertmanager and Grafana
 * that the operator runs for this gym, as the design's Docker Compose stack did).
 */
public class StackSpec {

  @Default("external")
  @JsonPropertyDescription(
      "external: a stack already runs (kube-prometheus-stack or your own) and the operator feeds it; managed: the operator also runs Prometheus, Alertmanager and Grafana for this gym in its namespace (<name>-prometheus, <name>-alertmanager, <name>-grafana), and spec.prometheus.url is implied to be that Prometheus. Default external.")
  public StackMode mode = StackMode.external;

  @JsonPropertyDescription("The managed Prometheus.")
  public StackPrometheusSpec prometheus = new StackPrometheusSpec();

  @JsonPropertyDescription("The managed Alertmanager.")
  public StackAlertmanagerSpec alertmanager = new StackAlertmanagerSpec();

  @JsonPropertyDescription("The managed Grafana.")
  public StackGrafanaSpec grafana = new StackGrafanaSpec();
}
