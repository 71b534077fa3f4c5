package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the cluster's Prometheus selects the ServiceMonitor and PrometheusRule of this resource. */
public class PrometheusSpec {

  @ValidationRule(value = Labels.VALID_LABELS_RULE, message = Labels.VALID_LABELS_MESSAGE)
  @ValidationRule(value = Labels.USER_LABELS_RULE, message = Labels.USER_LABELS_MESSAGE)
  @JsonPropertyDescription(
      "Labels copied onto the ServiceMonitor and PrometheusRule so that the Prometheus of the cluster selects them, e.g. {release: kube-prometheus-stack}. Default: none.")
  @Size(max = 64)
  public Map<String, String> selectorLabels = new LinkedHashMap<>();
}
