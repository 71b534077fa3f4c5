package org.causalgym.operator.desired;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;

/** The labels that mark an alert as a resource's: what its Alertmanager route matches on. */
public final class AlertLabels {

  /** Label on every alert of a resource, with its name: what its Alertmanager route matches. */
  public static final String RESOURCE_LABEL = "causal_gym_monitoring";

  private static final String SEVERITY = "severity";
  private static final String NAMESPACE = "namespace";

  /** The names of the labels {@link #of} sets. */
  public static final Set<String> NAMES = Set.of(SEVERITY, RESOURCE_LABEL, NAMESPACE);

  private AlertLabels() {}

  /** The labels every alert of the resource carries: its severity, name and namespace. */
  static Map<String, String> of(CausalGymMonitoring cr, String severity) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SEVERITY, severity);
    labels.put(RESOURCE_LABEL, cr.getMetadata().getName());
    // The prometheus-operator's default AlertmanagerConfig matcher strategy (OnNamespace) routes
    // only alerts labelled with the config's namespace; an additional rule that aggregates the
    // label away (sum by (le)) would otherwise never reach a receiver. Built-in rules keep it.
    labels.put(NAMESPACE, cr.getMetadata().getNamespace());
    return labels;
  }
}
