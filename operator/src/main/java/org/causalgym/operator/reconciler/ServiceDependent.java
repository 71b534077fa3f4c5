package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/** Keeps the gym's Service in its desired state. */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class ServiceDependent extends OwnedResourceDependent<Service> {

  public ServiceDependent() {
    super(Service.class, OwnedObject.SERVICE);
  }
}
