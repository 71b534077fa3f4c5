package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/**
 * Keeps the plain Prometheus scrape job and rule file in their desired state where no
 * prometheus-operator runs.
 */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class StandalonePrometheusConfigMapDependent extends OwnedResourceDependent<ConfigMap> {

  public StandalonePrometheusConfigMapDependent() {
    super(ConfigMap.class, OwnedObject.STANDALONE_PROMETHEUS);
  }
}
