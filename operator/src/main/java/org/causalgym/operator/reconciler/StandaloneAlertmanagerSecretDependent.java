package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/**
 * Keeps the Secret with a standalone alertmanager.yaml in its desired state where no
 * prometheus-operator runs.
 */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class StandaloneAlertmanagerSecretDependent extends OwnedResourceDependent<Secret> {

  public StandaloneAlertmanagerSecretDependent() {
    super(Secret.class, OwnedObject.STANDALONE_ALERTMANAGER);
  }
}
