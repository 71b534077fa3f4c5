package org.causalgym.operator.desired;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of the other operators' kinds the cluster serves, from their CustomResourceDefinitions: it
 * decides which objects a resource becomes and whose selection can be checked.
 *
 * @param servedVersions the served versions of each watched CRD that exists, by CRD name
 */
public record ServedKinds(Map<String, Set<String>> servedVersions) {

  /** One kind of another operator, by its CRD's name and the version the operator uses. */
  public record ApiKind(String crd, String version) {
    @Override
    public String toString() {
      return crd + " " + version;
    }
  }

  public static final ApiKind SERVICE_MONITORS =
      new ApiKind("servicemonitors.monitoring.coreos.com", "v1");
  public static final ApiKind PROMETHEUS_RULES =
      new ApiKind("prometheusrules.monitoring.coreos.com", "v1");
  public static final ApiKind ALERTMANAGER_CONFIGS =
      new ApiKind("alertmanagerconfigs.monitoring.coreos.com", "v1alpha1");
  public static final ApiKind PROMETHEUSES =
      new ApiKind("prometheuses.monitoring.coreos.com", "v1");
  public static final ApiKind ALERTMANAGERS =
      new ApiKind("alertmanagers.monitoring.coreos.com", "v1");
  public static final ApiKind GRAFANA_DASHBOARDS =
      new ApiKind("grafanadashboards.grafana.integreatly.org", "v1beta1");

  /** The kinds the operator creates objects of where the prometheus-operator runs. */
  public static final List<ApiKind> PROMETHEUS_OPERATOR_OBJECTS =
      List.of(SERVICE_MONITORS, PROMETHEUS_RULES, ALERTMANAGER_CONFIGS);

  /** Every CRD the operator watches; no other CRD is read. */
  public static final List<ApiKind> WATCHED =
      List.of(
          SERVICE_MONITORS,
          PROMETHEUS_RULES,
          ALERTMANAGER_CONFIGS,
          PROMETHEUSES,
          ALERTMANAGERS,
          GRAFANA_DASHBOARDS);

  public ServedKinds {
    servedVersions = Map.copyOf(servedVersions);
  }

  /** A cluster that serves every watched kind. */
  public static ServedKinds everything() {
    return new ServedKinds(
        WATCHED.stream().collect(Collectors.toMap(ApiKind::crd, k -> Set.of(k.version()))));
  }

  /** A cluster with kube-prometheus-stack: the prometheus-operator's kinds, no grafana-operator. */
  public static ServedKinds prometheusOperatorOnly() {
    return everything().with(false, List.of(GRAFANA_DASHBOARDS));
  }

  /** A cluster that serves none of them. */
  public static ServedKinds nothing() {
    return new ServedKinds(Map.of());
  }

  /** This cluster with or without the given kinds. */
  public ServedKinds with(boolean served, List<ApiKind> kinds) {
    Map<String, Set<String>> versions = new java.util.HashMap<>(servedVersions);
    for (ApiKind kind : kinds) {
      if (served) {
        versions.put(kind.crd(), Set.of(kind.version()));
      } else {
        versions.remove(kind.crd());
      }
    }
    return new ServedKinds(versions);
  }

  public boolean serves(ApiKind kind) {
    return servedVersions.getOrDefault(kind.crd(), Set.of()).contains(kind.version());
  }

  /**
   * Why ServiceMonitor, PrometheusRule and AlertmanagerConfig cannot be created, if they cannot.
   */
  public Optional<String> prometheusOperatorUnavailable() {
    return PROMETHEUS_OPERATOR_OBJECTS.stream()
        .filter(kind -> !serves(kind))
        .findFirst()
        .map(
            kind ->
                "the cluster does not serve "
                    + kind
                    + "; install the prometheus-operator CRDs, e.g. with kube-prometheus-stack");
  }

  public boolean prometheusOperator() {
    return prometheusOperatorUnavailable().isEmpty();
  }

  public boolean grafanaOperator() {
    return serves(GRAFANA_DASHBOARDS);
  }
}
