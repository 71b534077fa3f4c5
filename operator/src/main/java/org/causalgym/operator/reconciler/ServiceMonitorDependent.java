package org.causalgym.operator.reconciler;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/** Keeps the ServiceMonitor in its desired state where the prometheus-operator is installed. */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class ServiceMonitorDependent extends OwnedResourceDependent<ServiceMonitor> {

  public ServiceMonitorDependent() {
    super(ServiceMonitor.class, OwnedObject.SERVICE_MONITOR);
  }
}
