package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.DashboardsSpec;

/**
 * The desired GrafanaDashboard {@code <name>} where grafana-operator imports the dashboards: the
 * same dashboard JSON and folder as the ConfigMap, for the Grafanas of the instance selector.
 */
public final class GrafanaDashboardModel {

  private GrafanaDashboardModel() {}

  public static GrafanaDashboard desired(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    DashboardsSpec spec = cr.getSpec().dashboards;
    Map<String, String> labels = ResourceLabels.common(cr);
    labels.putAll(spec.labels);
    GrafanaDashboard dashboard = new GrafanaDashboard();
    dashboard.setMetadata(ObjectMetas.sameName(cr, labels));
    GrafanaDashboard.Spec content = new GrafanaDashboard.Spec();
    content.instanceSelector = instanceSelector(spec);
    content.folder = spec.folder;
    Map<String, String> dashboards = DashboardModel.dashboards(cr, plan.modes().managedStack());
    if (dashboards.size() != 1) {
      // A GrafanaDashboard holds one dashboard; a second file needs a second registered object.
      throw new IllegalStateException("one GrafanaDashboard cannot hold " + dashboards.keySet());
    }
    content.json = dashboards.values().iterator().next();
    dashboard.setSpec(content);
    return dashboard;
  }

  private static LabelSelector instanceSelector(DashboardsSpec spec) {
    LabelSelectorBuilder selector = new LabelSelectorBuilder();
    if (!spec.instanceSelector.matchLabels.isEmpty()) {
      selector.withMatchLabels(spec.instanceSelector.matchLabels);
    }
    spec.instanceSelector.matchExpressions.forEach(
        e ->
            selector.addToMatchExpressions(
                new LabelSelectorRequirementBuilder()
                    .withKey(e.key)
                    .withOperator(e.operator.name())
                    .withValues(e.values.isEmpty() ? null : e.values)
                    .build()));
    return selector.build();
  }
}
