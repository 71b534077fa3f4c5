package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/** Keeps the gym's Deployment in its desired state. */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class DeploymentDependent extends OwnedResourceDependent<Deployment> {

  public DeploymentDependent() {
    super(Deployment.class, OwnedObject.DEPLOYMENT);
  }
}
