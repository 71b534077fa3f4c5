package org.causalgym.operator.reconciler;

import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import org.causalgym.operator.model.OwnedObject;

/**
 * Keeps the PrometheusRule, and so the alert thresholds, in its desired state where the
 * prometheus-operator is installed.
 */
@KubernetesDependent(informer = @Informer(labelSelector = OwnedResourceDependent.MANAGED_SELECTOR))
public class PrometheusRuleDependent extends OwnedResourceDependent<PrometheusRule> {

  public PrometheusRuleDependent() {
    super(PrometheusRule.class, OwnedObject.PROMETHEUS_RULE);
  }
}
