package org.causalgym.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.causalgym.operator.api.CausalGymMonitoring;

/** Every kind of object one CausalGymMonitoring becomes, with its builder, in creation order. */
public enum OwnedObject {
  DEPLOYMENT("Deployment", false, DeploymentModel::desired),
  SERVICE("Service", false, ServiceModel::desired),
  SERVICE_MONITOR("ServiceMonitor", true, ServiceMonitorModel::desired),
  PROMETHEUS_RULE("PrometheusRule", true, PrometheusRuleModel::desired);

  private final String kind;
  private final boolean needsPrometheusOperator;
  private final Function<CausalGymMonitoring, ? extends HasMetadata> builder;

  OwnedObject(
      String kind,
      boolean needsPrometheusOperator,
      Function<CausalGymMonitoring, ? extends HasMetadata> builder) {
    this.kind = kind;
    this.needsPrometheusOperator = needsPrometheusOperator;
    this.builder = builder;
  }

  public String kind() {
    return kind;
  }

  /** Whether the object is a monitoring.coreos.com kind that only a prometheus-operator serves. */
  public boolean needsPrometheusOperator() {
    return needsPrometheusOperator;
  }

  public HasMetadata desired(CausalGymMonitoring cr) {
    return builder.apply(cr);
  }

  /** The objects a valid resource becomes on a cluster with or without the prometheus-operator. */
  public static List<HasMetadata> desiredObjects(
      CausalGymMonitoring cr, boolean prometheusOperatorServed) {
    return Arrays.stream(values())
        .filter(o -> prometheusOperatorServed || !o.needsPrometheusOperator)
        .<HasMetadata>map(o -> o.desired(cr))
        .toList();
  }
}
