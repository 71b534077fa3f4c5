package org.causalgym.operator.reconciler;

import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/** Keeps the AlertmanagerConfig, the routing of this resource's alerts, in its desired state. */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class AlertmanagerConfigDependent extends OwnedResourceDependent<AlertmanagerConfig> {

  public AlertmanagerConfigDependent() {
    super(AlertmanagerConfig.class, OwnedObject.ALERTMANAGER_CONFIG);
  }
}
