package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the user asks for: the gym workload, how it is scraped, alerted on and shown. */
public class CausalGymMonitoringSpec {

  @Required
  @JsonPropertyDescription(
      "The Causal Interface Gym workload: image, ports, probes and environment.")
  public AppSpec app;

  @JsonPropertyDescription("How the application's Prometheus metrics are named and scraped.")
  public MetricsSpec metrics = new MetricsSpec();

  @JsonPropertyDescription(
      "How the Prometheus of the cluster (prometheus-operator) finds the ServiceMonitor and PrometheusRule.")
  public PrometheusSpec prometheus = new PrometheusSpec();

  @JsonPropertyDescription(
      "The alert rules and their thresholds; thresholds are edited here and nowhere else.")
  public AlertsSpec alerts = new AlertsSpec();

  @JsonPropertyDescription("Where Alertmanager routes the alerts of this resource.")
  public AlertmanagerSpec alertmanager = new AlertmanagerSpec();

  @JsonPropertyDescription(
      "Grafana dashboards for the application, loaded by the Grafana sidecar or grafana-operator.")
  public DashboardsSpec dashboards = new DashboardsSpec();

  @JsonPropertyDescription(
      "The monitoring stack: external (default; the cluster's) or managed (Prometheus, Alertmanager and Grafana run by the operator for this gym).")
  public StackSpec stack = new StackSpec();

  @JsonPropertyDescription(
      "The gym's JSON log file shipped to Elasticsearch by a Filebeat sidecar. Default: off.")
  public LoggingSpec logging = new LoggingSpec();

  @ListType(value = "map", mapKeys = "name")
  @Size(max = 16)
  @JsonPropertyDescription(
      "Service level objectives: per objective, recording rules for its error ratio, error budget and burn rate, and multi-window multi-burn-rate alerts, in the same PrometheusRule. Default: none.")
  public List<SloSpec> slos = new ArrayList<>();
}
