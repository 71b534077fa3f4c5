package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/** Keeps the Grafana dashboards ConfigMap in its desired state. */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class DashboardsConfigMapDependent extends OwnedResourceDependent<ConfigMap> {

  public DashboardsConfigMapDependent() {
    super(ConfigMap.class, OwnedObject.DASHBOARDS);
  }
}
