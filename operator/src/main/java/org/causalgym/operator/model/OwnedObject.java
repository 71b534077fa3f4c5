package org.causalgym.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.causalgym.operator.api.CausalGymMonitoring;

/** Every kind of object one CausalGymMonitoring becomes, with its builder, in creation order. */
public enum OwnedObject {
  DEPLOYMENT("Deployment", "", Requires.NOTHING, DeploymentModel::desired, DeploymentModel::fields),
  SERVICE("Service", "", Requires.NOTHING, ServiceModel::desired, ServiceModel::fields),
  SERVICE_MONITOR("ServiceMonitor", "", Requires.PROMETHEUS_OPERATOR, ServiceMonitorModel::desired),
  PROMETHEUS_RULE("PrometheusRule", "", Requires.PROMETHEUS_OPERATOR, PrometheusRuleModel::desired),
  ALERTMANAGER_CONFIG(
      "AlertmanagerConfig", "", Requires.PROMETHEUS_OPERATOR, AlertmanagerConfigModel::desired),
  STANDALONE_ALERTMANAGER(
      "Secret",
      StandaloneAlertmanagerModel.SUFFIX,
      Requires.NO_PROMETHEUS_OPERATOR,
      StandaloneAlertmanagerModel::desired),
  STANDALONE_PROMETHEUS(
      "ConfigMap",
      StandalonePrometheusModel.SUFFIX,
      Requires.NO_PROMETHEUS_OPERATOR,
      StandalonePrometheusModel::desired),
  DASHBOARDS("ConfigMap", DashboardModel.SUFFIX, Requires.NOTHING, DashboardModel::desired);

  /** What the cluster must offer for the object to be created. */
  private enum Requires {
    NOTHING,
    PROMETHEUS_OPERATOR,
    /** The stand-in for what the prometheus-operator would do, only where it does not run. */
    NO_PROMETHEUS_OPERATOR
  }

  private final String kind;
  private final String nameSuffix;
  private final Requires requires;
  private final Function<CausalGymMonitoring, ? extends HasMetadata> builder;
  private final Function<CausalGymMonitoring, OwnedFields> fields;

  OwnedObject(
      String kind,
      String nameSuffix,
      Requires requires,
      Function<CausalGymMonitoring, ? extends HasMetadata> builder) {
    this(kind, nameSuffix, requires, builder, cr -> OwnedFields.everythingWritten());
  }

  OwnedObject(
      String kind,
      String nameSuffix,
      Requires requires,
      Function<CausalGymMonitoring, ? extends HasMetadata> builder,
      Function<CausalGymMonitoring, OwnedFields> fields) {
    this.kind = kind;
    this.nameSuffix = nameSuffix;
    this.requires = requires;
    this.builder = builder;
    this.fields = fields;
  }

  public String kind() {
    return kind;
  }

  /** The object's name, known without building it: the resource's name and a fixed suffix. */
  public String name(CausalGymMonitoring cr) {
    return cr.getMetadata().getName() + nameSuffix;
  }

  public HasMetadata desired(CausalGymMonitoring cr) {
    return builder.apply(cr);
  }

  /** Which fields of the object the operator owns for this resource. */
  public OwnedFields fields(CausalGymMonitoring cr) {
    return fields.apply(cr);
  }

  /**
   * Why the object is not wanted for this resource on this cluster, or empty when it is.
   *
   * @param prometheusOperatorUnavailable why the cluster has no prometheus-operator, if it has none
   */
  public Optional<String> skipReason(
      CausalGymMonitoring cr, Optional<String> prometheusOperatorUnavailable) {
    if ((this == ALERTMANAGER_CONFIG || this == STANDALONE_ALERTMANAGER)
        && !cr.getSpec().alertmanager.enabled) {
      return Optional.of("spec.alertmanager.enabled is false");
    }
    if (this == DASHBOARDS && !cr.getSpec().dashboards.enabled) {
      return Optional.of("spec.dashboards.enabled is false");
    }
    return switch (requires) {
      case NOTHING -> Optional.empty();
      case PROMETHEUS_OPERATOR -> prometheusOperatorUnavailable;
      case NO_PROMETHEUS_OPERATOR ->
          prometheusOperatorUnavailable.isPresent()
              ? Optional.empty()
              : Optional.of(
                  "the prometheus-operator runs here; ServiceMonitor, PrometheusRule and"
                      + " AlertmanagerConfig do this");
    };
  }

  /** The objects a valid resource becomes on a cluster with or without the prometheus-operator. */
  public static List<HasMetadata> desiredObjects(
      CausalGymMonitoring cr, Optional<String> prometheusOperatorUnavailable) {
    return Arrays.stream(values())
        .filter(o -> o.skipReason(cr, prometheusOperatorUnavailable).isEmpty())
        .<HasMetadata>map(o -> o.desired(cr))
        .toList();
  }
}
