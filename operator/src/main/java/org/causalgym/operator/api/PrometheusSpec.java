package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the cluster's Prometheus selects the ServiceMonitor and PrometheusRule of this resource. */
public class PrometheusSpec {

  @JsonPropertyDescription(
      "Labels copied onto the ServiceMonitor and PrometheusRule so that the Prometheus of the cluster selects them, e.g. {release: kube-prometheus-stack}. Default: none.")
  public Map<String, String> selectorLabels = new LinkedHashMap<>();
}
