package org.causalgym.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.causalgym.operator.api.StackStatus;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.StackWorkloads;

/**
 * The managed stack in status: its in-cluster URLs, and the StackReady condition from whether each
 * of its workloads has its replicas available, as their controllers report it.
 */
public final class StackReport {

  private StackReport() {}

  public static StackStatus urls(GymPlan plan) {
    GymPlan.Names names = plan.names();
    StackStatus status = new StackStatus();
    status.prometheus = names.stackPrometheusUrl();
    status.alertmanager = plan.modes().alertmanager() ? names.stackAlertmanagerUrl() : null;
    status.grafana = names.stackGrafanaUrl();
    return status;
  }

  /**
   * StackReady.
   *
   * @param workloads the stack's Deployments and StatefulSet as the cluster holds them, by name
   */
  public static ConditionVerdict<StackReadyReason> of(
      GymPlan plan, Map<String, HasMetadata> workloads) {
    GymPlan.Names names = plan.names();
    Map<String, String> components = new LinkedHashMap<>();
    components.put(StackWorkloads.PROMETHEUS, names.stackPrometheus());
    if (plan.modes().alertmanager()) {
      components.put(StackWorkloads.ALERTMANAGER, names.stackAlertmanager());
    }
    components.put(StackWorkloads.GRAFANA, names.stackGrafana());
    List<String> counts = new ArrayList<>();
    boolean ready = true;
    for (Map.Entry<String, String> entry : components.entrySet()) {
      String component = entry.getKey();
      Optional<HasMetadata> workload = Optional.ofNullable(workloads.get(entry.getValue()));
      int desired = workload.map(StackReport::desired).orElse(1);
      int available = workload.map(StackReport::available).orElse(0);
      ready &= workload.isPresent() && available >= desired;
      counts.add(
          component
              + " "
              + (workload.isPresent() ? available + "/" + desired + " available" : "not created"));
    }
    String message = String.join(", ", counts);
    return ready
        ? ConditionVerdict.holds(StackReadyReason.StackAvailable, message)
        : ConditionVerdict.fails(StackReadyReason.Unavailable, message);
  }

  private static int desired(HasMetadata workload) {
    Integer replicas =
        workload instanceof StatefulSet set
            ? set.getSpec().getReplicas()
            : ((Deployment) workload).getSpec().getReplicas();
    return Objects.requireNonNullElse(replicas, 1);
  }

  private static int available(HasMetadata workload) {
    Integer available =
        workload instanceof StatefulSet set
            ? set.getStatus() == null ? null : set.getStatus().getAvailableReplicas()
            : ((Deployment) workload).getStatus() == null
                ? null
                : ((Deployment) workload).getStatus().getAvailableReplicas();
    return Objects.requireNonNullElse(available, 0);
  }
}
