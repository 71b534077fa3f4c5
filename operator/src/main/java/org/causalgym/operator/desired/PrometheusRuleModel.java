package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpec;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRuleSpecBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.AdditionalAlertSpec;
import org.causalgym.operator.api.AlertSpec;
import org.causalgym.operator.api.AlertsSpec;
import org.causalgym.operator.api.BuiltInAlerts;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * The alert rules of a resource, and the desired PrometheusRule that holds them: one group with the
 * enabled built-in alerts and the additional ones. {@link GymPlan} computes the rules once; the
 * Prometheus reports, which read resources without a plan, compute them here too.
 */
public final class PrometheusRuleModel {

  public static final String HIGH_ERROR_RATE = BuiltInAlerts.HIGH_ERROR_RATE;
  public static final String HIGH_MEMORY_USAGE = BuiltInAlerts.HIGH_MEMORY_USAGE;
  public static final String SERVICE_DOWN = BuiltInAlerts.SERVICE_DOWN;
  public static final String POD_EVICTED = BuiltInAlerts.POD_EVICTED;

  /** The names of the built-in alerts, which additional rules may not take. */
  public static final List<String> BUILT_IN_ALERTS =
      List.of(HIGH_ERROR_RATE, HIGH_MEMORY_USAGE, SERVICE_DOWN, POD_EVICTED);

  private PrometheusRuleModel() {}

  /** The PrometheusRule of the plan's rules, in the resource's namespace, under its name. */
  public static PrometheusRule desired(CausalGymMonitoring cr, String group, List<Rule> rules) {
    return new PrometheusRuleBuilder()
        .withMetadata(ObjectMetas.sameName(cr, ResourceLabels.forPrometheus(cr)))
        .withSpec(spec(group, rules))
        .build();
  }

  /** One rule group: a Prometheus rule file. */
  static PrometheusRuleSpec spec(String group, List<Rule> rules) {
    return new PrometheusRuleSpecBuilder()
        .addNewGroup()
        .withName(group)
        .withRules(rules)
        .endGroup()
        .build();
  }

  /** The rule group's name; unique per resource so that two resources never share a group. */
  public static String groupName(CausalGymMonitoring cr) {
    return "causal-gym.%s.%s"
        .formatted(cr.getMetadata().getNamespace(), cr.getMetadata().getName());
  }

  /**
   * The rules of the resource's group, in a fixed order: built-in alerts first (the pod eviction
   * alert with logging), then the additional ones, then each objective's recordings and alerts.
   */
  public static List<Rule> rules(CausalGymMonitoring cr) {
    AlertsSpec alerts = cr.getSpec().alerts;
    String instance = cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
    List<Rule> rules = new ArrayList<>();
    if (alerts.highErrorRate.enabled) {
      rules.add(
          rule(
              cr,
              HIGH_ERROR_RATE,
              AlertExpressions.highErrorRate(cr),
              alerts.highErrorRate,
              "High error rate in Causal Interface Gym " + instance,
              "{{ $labels.instance }} reports {{ printf \"%.3f\" $value }} errors per second,"
                  + " above the threshold of "
                  + AlertExpressions.number(alerts.highErrorRate.threshold)
                  + " for "
                  + alerts.highErrorRate.forDuration
                  + "."));
    }
    if (alerts.highMemoryUsage.enabled) {
      rules.add(
          rule(
              cr,
              HIGH_MEMORY_USAGE,
              AlertExpressions.highMemoryUsage(cr),
              alerts.highMemoryUsage,
              "High memory usage in Causal Interface Gym " + instance,
              "{{ $labels.instance }} uses {{ printf \"%.1f\" $value }}% of its memory,"
                  + " above the threshold of "
                  + AlertExpressions.number(alerts.highMemoryUsage.thresholdPercent)
                  + "% for "
                  + alerts.highMemoryUsage.forDuration
                  + "."));
    }
    if (alerts.serviceDown.enabled) {
      rules.add(
          rule(
              cr,
              SERVICE_DOWN,
              AlertExpressions.serviceDown(cr),
              alerts.serviceDown,
              "Causal Interface Gym " + instance + " is down",
              "Prometheus has had no successful scrape of "
                  + AlertExpressions.upSelector(cr)
                  + " for "
                  + alerts.serviceDown.forDuration
                  + ": the target is down or has vanished."));
    }
    if (cr.getSpec().logging.enabled) {
      // The log file's emptyDir has a sizeLimit: once the file outgrows it the kubelet evicts the
      // pod, and nothing else says so. Needs kube-state-metrics in the cluster.
      rules.add(
          rule(
              cr,
              POD_EVICTED,
              AlertExpressions.podEvicted(cr),
              null,
              "warning",
              "A pod of Causal Interface Gym " + instance + " was evicted",
              "{{ $labels.pod }} was evicted by its kubelet, as happens when the log file outgrows"
                  + " its volume (spec.logging.volumeSizeLimit "
                  + cr.getSpec().logging.volumeSizeLimit
                  + "): kubectl -n "
                  + cr.getMetadata().getNamespace()
                  + " describe pod {{ $labels.pod }} shows the reason; the alert lasts until"
                  + " the evicted pod is deleted."));
    }
    for (AdditionalAlertSpec additional : alerts.additional) {
      rules.add(
          rule(
              cr,
              additional.name,
              additional.expr,
              additional.forDuration,
              additional.severity,
              additional.summary,
              additional.description));
    }
    rules.addAll(SloRules.rules(cr));
    return rules;
  }

  private static Rule rule(
      CausalGymMonitoring cr,
      String name,
      String expr,
      AlertSpec spec,
      String summary,
      String description) {
    return rule(cr, name, expr, spec.forDuration, spec.severity, summary, description);
  }

  private static Rule rule(
      CausalGymMonitoring cr,
      String name,
      String expr,
      String forDuration,
      String severity,
      String summary,
      String description) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (summary != null) {
      annotations.put("summary", summary);
    }
    if (description != null) {
      annotations.put("description", description);
    }
    return new RuleBuilder()
        .withAlert(name)
        .withExpr(new IntOrString(expr))
        .withFor(forDuration)
        .withLabels(AlertLabels.of(cr, severity))
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .build();
  }
}
