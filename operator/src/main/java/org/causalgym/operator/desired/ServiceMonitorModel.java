package org.causalgym.operator.desired;

import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorBuilder;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.MetricsSpec;

/** The desired ServiceMonitor: Prometheus scrapes the Service's metrics port. */
public final class ServiceMonitorModel {

  private ServiceMonitorModel() {}

  public static ServiceMonitor desired(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    MetricsSpec metrics = cr.getSpec().metrics;
    return new ServiceMonitorBuilder()
        .withMetadata(ObjectMetas.sameName(cr, ResourceLabels.forPrometheus(cr)))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(ResourceLabels.selector(cr))
        .endSelector()
        .withNewNamespaceSelector()
        .withMatchNames(cr.getMetadata().getNamespace())
        .endNamespaceSelector()
        .addNewEndpoint()
        .withPort(DeploymentModel.METRICS_PORT_NAME)
        .withPath(cr.getSpec().app.metricsPath)
        .withScheme("http")
        .withInterval(metrics.scrapeInterval)
        .withScrapeTimeout(metrics.scrapeTimeout)
        .endEndpoint()
        .endSpec()
        .build();
  }
}
