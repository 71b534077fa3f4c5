package org.causalgym.operator.desired;

import java.util.LinkedHashMap;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.Labels;

/** The app.kubernetes.io labels every owned object carries, and the subset that selects pods. */
public final class ResourceLabels {

  public static final String APP_NAME = "causal-interface-gym";
  public static final String MANAGED_BY = "causal-gym-operator";

  private ResourceLabels() {}

  /** The labels that identify this resource's pods; immutable in a Deployment, so kept minimal. */
  public static Map<String, String> selector(CausalGymMonitoring cr) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.NAME, APP_NAME);
    labels.put(Labels.INSTANCE, cr.getMetadata().getName());
    return labels;
  }

  /** The recommended labels of every object the resource becomes. */
  public static Map<String, String> common(CausalGymMonitoring cr) {
    Map<String, String> labels = selector(cr);
    labels.put(Labels.PART_OF, "causal-gym");
    labels.put(Labels.MANAGED_BY, MANAGED_BY);
    return labels;
  }

  /**
   * The common labels plus the ones the cluster's Prometheus selects ServiceMonitors and rules by.
   */
  public static Map<String, String> forPrometheus(CausalGymMonitoring cr) {
    Map<String, String> labels = common(cr);
    labels.putAll(cr.getSpec().prometheus.selectorLabels);
    return labels;
  }
}
