package org.causalgym.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.openshift.api.model.monitoring.v1.Alertmanager;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerSpec;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.AlertLabels;
import org.causalgym.operator.desired.LabelSelectors;
import org.causalgym.operator.desired.ResourceLabels;

/**
 * Whether the prometheus-operator's Prometheus and Alertmanager resources select this resource's
 * ServiceMonitor, PrometheusRule and AlertmanagerConfig, with the prometheus-operator's semantics:
 * a null object selector selects nothing and an empty one everything; a null namespace selector
 * means the Prometheus' or Alertmanager's own namespace only and an empty one every namespace.
 */
public final class SelectionReport {

  /** The cluster as the prometheus-operator sees it. */
  public interface Cluster {
    List<Prometheus> prometheuses();

    List<Alertmanager> alertmanagers();

    Map<String, String> namespaceLabels(String namespace);

    /** Why the Prometheus and Alertmanager resources could not be read, if they could not. */
    Optional<String> unreadable();
  }

  /** One kind of object and the selector pair that picks it. */
  private record Selection(
      String kind,
      String selectorField,
      Function<HasMetadata, LabelSelector> selector,
      Function<HasMetadata, LabelSelector> namespaceSelector) {}

  /**
   * The fields of the Prometheus and Alertmanager resources this report reads, by model class, as
   * their JSON names: the operator's client reads no others of these kinds (the reconciler's
   * ClusterWatch), so a field read here and missing there reads as null. A Prometheus' spec has
   * some 150 fields (containers, volumes, storage, remote write), built into readers at start-up
   * for nothing.
   */
  public static final Map<Class<?>, Set<String>> FIELDS_READ =
      Map.of(
          Prometheus.class,
          Set.of("apiVersion", "kind", "metadata", "spec"),
          PrometheusSpec.class,
          Set.of(
              "serviceMonitorSelector",
              "serviceMonitorNamespaceSelector",
              "ruleSelector",
              "ruleNamespaceSelector"),
          Alertmanager.class,
          Set.of("apiVersion", "kind", "metadata", "spec"),
          AlertmanagerSpec.class,
          Set.of(
              "alertmanagerConfigSelector",
              "alertmanagerConfigNamespaceSelector",
              "alertmanagerConfigMatcherStrategy"));

  private static final Selection SERVICE_MONITOR =
      new Selection(
          "ServiceMonitor",
          "serviceMonitorSelector",
          p -> ((Prometheus) p).getSpec().getServiceMonitorSelector(),
          p -> ((Prometheus) p).getSpec().getServiceMonitorNamespaceSelector());
  private static final Selection PROMETHEUS_RULE =
      new Selection(
          "PrometheusRule",
          "ruleSelector",
          p -> ((Prometheus) p).getSpec().getRuleSelector(),
          p -> ((Prometheus) p).getSpec().getRuleNamespaceSelector());
  private static final Selection ALERTMANAGER_CONFIG =
      new Selection(
          "AlertmanagerConfig",
          "alertmanagerConfigSelector",
          a -> ((Alertmanager) a).getSpec().getAlertmanagerConfigSelector(),
          a -> ((Alertmanager) a).getSpec().getAlertmanagerConfigNamespaceSelector());

  private SelectionReport() {}

  /**
   * The Selected condition.
   *
   * @param alertmanagerConfigWanted whether the resource has an AlertmanagerConfig to be selected
   */
  public static ConditionVerdict<SelectedReason> of(
      CausalGymMonitoring cr, Cluster cluster, boolean alertmanagerConfigWanted) {
    if (cluster.unreadable().isPresent()) {
      return ConditionVerdict.unknown(
          SelectedReason.CannotRead,
          "The operator cannot read the Prometheus and Alertmanager resources of the cluster ("
              + cluster.unreadable().get()
              + "); grant it list and watch on them and on namespaces, as the Helm chart does,"
              + " then restart it");
    }
    List<HasMetadata> prometheuses = sorted(cluster.prometheuses());
    if (prometheuses.isEmpty()) {
      return ConditionVerdict.fails(
          SelectedReason.NoPrometheus,
          "No Prometheus resource (monitoring.coreos.com/v1) exists in the cluster, so nothing"
              + " scrapes the ServiceMonitor or evaluates the PrometheusRule; install one, e.g."
              + " with kube-prometheus-stack");
    }
    Map<String, String> labels = ResourceLabels.forPrometheus(cr);
    List<String> selected = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    check(SERVICE_MONITOR, "Prometheus", prometheuses, cr, labels, cluster, selected, missed);
    check(PROMETHEUS_RULE, "Prometheus", prometheuses, cr, labels, cluster, selected, missed);
    if (alertmanagerConfigWanted) {
      List<HasMetadata> alertmanagers = sorted(cluster.alertmanagers());
      if (alertmanagers.isEmpty()) {
        missed.add("AlertmanagerConfig: no Alertmanager resource exists in the cluster");
      } else {
        check(
            ALERTMANAGER_CONFIG,
            "Alertmanager",
            alertmanagers,
            cr,
            labels,
            cluster,
            selected,
            missed);
      }
    }
    if (missed.isEmpty()) {
      return ConditionVerdict.holds(SelectedReason.Selected, String.join("; ", selected));
    }
    List<String> parts = new ArrayList<>(missed);
    parts.addAll(selected);
    return ConditionVerdict.fails(SelectedReason.NotSelected, String.join("; ", parts));
  }

  private static void check(
      Selection selection,
      String selectorKind,
      List<HasMetadata> selectors,
      CausalGymMonitoring cr,
      Map<String, String> labels,
      Cluster cluster,
      List<String> selected,
      List<String> missed) {
    List<String> by = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (HasMetadata selector : selectors) {
      Optional<String> miss = miss(selection, selectorKind, selector, cr, labels, cluster);
      if (miss.isEmpty()) {
        by.add(selectorKind + " " + id(selector) + strategy(selector, cr));
      } else {
        why.add(miss.get());
      }
    }
    if (by.isEmpty()) {
      missed.add(
          selection.kind() + " is selected by no " + selectorKind + ": " + String.join("; ", why));
    } else {
      selected.add(selection.kind() + " selected by " + String.join(", ", by));
    }
  }

  /** Why selector does not pick the object, or empty when it does. */
  private static Optional<String> miss(
      Selection selection,
      String selectorKind,
      HasMetadata selector,
      CausalGymMonitoring cr,
      Map<String, String> labels,
      Cluster cluster) {
    String who = selectorKind + " " + id(selector);
    LabelSelector objects = selection.selector().apply(selector);
    if (objects == null) {
      return Optional.of(
          who + " selects no " + selection.kind() + "s (" + selection.selectorField() + " unset)");
    }
    String namespace = cr.getMetadata().getNamespace();
    LabelSelector namespaces = selection.namespaceSelector().apply(selector);
    String namespaceField = selection.selectorField().replace("Selector", "NamespaceSelector");
    if (namespaces == null && !namespace.equals(selector.getMetadata().getNamespace())) {
      return Optional.of(
          who
              + " looks for "
              + selection.kind()
              + "s only in its own namespace "
              + selector.getMetadata().getNamespace()
              + " ("
              + namespaceField
              + " unset)");
    }
    if (namespaces != null) {
      List<String> unmet = LabelSelectors.unmet(namespaces, cluster.namespaceLabels(namespace));
      if (!unmet.isEmpty()) {
        return Optional.of(
            who
                + " looks for "
                + selection.kind()
                + "s in namespaces labelled "
                + String.join(", ", unmet)
                + "; label namespace "
                + namespace
                + " so");
      }
    }
    List<String> unmet = LabelSelectors.unmet(objects, labels);
    if (!unmet.isEmpty()) {
      return Optional.of(
          who
              + " selects "
              + selection.kind()
              + "s labelled "
              + String.join(", ", unmet)
              + "; add it to spec.prometheus.selectorLabels");
    }
    return Optional.empty();
  }

  /**
   * How an Alertmanager scopes an AlertmanagerConfig's route: the default adds a namespace matcher,
   * which this resource's alerts meet since their rules keep the namespace label.
   */
  private static String strategy(HasMetadata selector, CausalGymMonitoring cr) {
    if (!(selector instanceof Alertmanager alertmanager)) {
      return "";
    }
    String type =
        alertmanager.getSpec().getAlertmanagerConfigMatcherStrategy() == null
                || alertmanager.getSpec().getAlertmanagerConfigMatcherStrategy().getType() == null
            ? "OnNamespace"
            : alertmanager.getSpec().getAlertmanagerConfigMatcherStrategy().getType();
    boolean ownNamespace =
        cr.getMetadata().getNamespace().equals(alertmanager.getMetadata().getNamespace());
    boolean namespaceMatcher =
        type.equals("OnNamespace")
            || (type.equals("OnNamespaceExceptForAlertmanagerNamespace") && !ownNamespace);
    return namespaceMatcher
        ? " (matcher strategy "
            + type
            + ": routes alerts labelled namespace="
            + cr.getMetadata().getNamespace()
            + ")"
        : " (matcher strategy "
            + type
            + ": no namespace matcher; the route's own "
            + AlertLabels.RESOURCE_LABEL
            + " matcher scopes it)";
  }

  private static String id(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private static List<HasMetadata> sorted(List<? extends HasMetadata> objects) {
    return objects.stream()
        .<HasMetadata>map(o -> o)
        .sorted(Comparator.comparing(SelectionReport::id))
        .toList();
  }
}
