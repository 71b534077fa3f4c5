package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.causalgym.operator.api.AppSpec;
import org.causalgym.operator.api.CausalGymMonitoring;

/** The desired v1 Service in front of the gym's pods, with named http and metrics ports. */
public final class ServiceModel {

  private ServiceModel() {}

  /**
   * The operator owns all it writes into the Service; tolerated are what the API server allocates
   * and defaults for a ClusterIP Service (kubernetes v1.32.0 pkg/apis/core/v1/defaults.go
   * SetDefaults_Service sets type ClusterIP where it is empty, as the managed stack's Services
   * leave it).
   */
  public static OwnedFields fields(GymPlan plan) {
    return OwnedFields.everythingWritten()
        .tolerating(
            "spec.type",
            "spec.clusterIP",
            "spec.clusterIPs",
            "spec.ipFamilies",
            "spec.ipFamilyPolicy",
            "spec.internalTrafficPolicy",
            "spec.sessionAffinity");
  }

  public static Service desired(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    AppSpec app = cr.getSpec().app;
    return new ServiceBuilder()
        .withMetadata(ObjectMetas.sameName(cr, ResourceLabels.common(cr)))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(ResourceLabels.selector(cr))
        .addNewPort()
        .withName(DeploymentModel.HTTP_PORT_NAME)
        .withPort(app.port)
        .withTargetPort(new IntOrString(DeploymentModel.HTTP_PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName(DeploymentModel.METRICS_PORT_NAME)
        .withPort(app.metricsPort)
        .withTargetPort(new IntOrString(DeploymentModel.METRICS_PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
