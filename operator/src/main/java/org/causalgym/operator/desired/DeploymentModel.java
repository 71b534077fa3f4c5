package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.AppSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.EnvVarSpec;
import org.causalgym.operator.api.ProbeSpec;

/** The desired apps/v1 Deployment of the Causal Interface Gym. */
public final class DeploymentModel {

  public static final String CONTAINER_NAME = "gym";
  public static final String HTTP_PORT_NAME = "http";
  public static final String METRICS_PORT_NAME = "metrics";

  private DeploymentModel() {}

  /**
   * The operator owns all it writes into the Deployment. Tolerated: the apps/v1 and core/v1
   * defaults the API server fills in, annotations of other tools on the pod template (kubectl
   * rollout restart's restartedAt), and replicas where spec.app.replicasFromAutoscaler hands them
   * to an autoscaler. The same as every workload of the managed stack.
   */
  public static OwnedFields fields(GymPlan plan) {
    OwnedFields fields = StackWorkloads.workloadFields();
    return plan.resource().getSpec().app.replicasFromAutoscaler
        ? fields.yieldingTo("spec.replicas")
        : fields;
  }

  public static Deployment desired(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    AppSpec app = cr.getSpec().app;
    Map<String, String> labels = ResourceLabels.common(cr);
    return new DeploymentBuilder()
        .withMetadata(ObjectMetas.sameName(cr, labels))
        .withNewSpec()
        .withReplicas(app.replicas)
        .withNewSelector()
        .withMatchLabels(ResourceLabels.selector(cr))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(scrapeAnnotations(app))
        .endMetadata()
        .withNewSpec()
        // The restricted Pod Security Standard: non-root, default seccomp, no privilege escalation.
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(containers(plan))
        .withVolumes(plan.modes().logging() ? FilebeatModel.volumes(plan) : List.of())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The gym, writing its log file where logging ships it, and the Filebeat sidecar. */
  private static List<Container> containers(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    Container gym = container(cr.getSpec().app);
    if (!plan.modes().logging()) {
      return List.of(gym);
    }
    gym.getEnv().add(FilebeatModel.logFileEnv(cr.getSpec().logging));
    gym.setVolumeMounts(List.of(FilebeatModel.gymMount(cr.getSpec().logging)));
    return List.of(gym, FilebeatModel.sidecar(cr));
  }

  /** The annotations of the prometheus.io convention, for Prometheus set-ups without operator. */
  private static Map<String, String> scrapeAnnotations(AppSpec app) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("prometheus.io/scrape", "true");
    annotations.put("prometheus.io/port", Integer.toString(app.metricsPort));
    annotations.put("prometheus.io/path", app.metricsPath);
    return annotations;
  }

  private static Container container(AppSpec app) {
    return new ContainerBuilder()
        .withName(CONTAINER_NAME)
        .withImage(app.image)
        .addNewPort()
        .withName(HTTP_PORT_NAME)
        .withContainerPort(app.port)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName(METRICS_PORT_NAME)
        .withContainerPort(app.metricsPort)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env(app))
        .withLivenessProbe(probe(app.liveness))
        .withReadinessProbe(probe(app.readiness))
        .withResources(app.resources)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  private static List<EnvVar> env(AppSpec app) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(EnvVarSpec.ENV_LOG_LEVEL, app.logLevel.name(), null));
    env.add(new EnvVar(EnvVarSpec.ENV_METRICS_ENABLED, "true", null));
    env.add(new EnvVar(EnvVarSpec.ENV_METRICS_PORT, Integer.toString(app.metricsPort), null));
    env.add(
        new EnvVar(
            EnvVarSpec.ENV_HEALTH_CHECK_INTERVAL,
            Integer.toString(app.healthCheckIntervalSeconds),
            null));
    for (EnvVarSpec extra : app.env) {
      env.add(new EnvVar(extra.name, extra.value, extra.valueFrom));
    }
    return env;
  }

  private static Probe probe(ProbeSpec spec) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(spec.path)
        .withPort(new IntOrString(HTTP_PORT_NAME))
        .withScheme("HTTP")
        .endHttpGet()
        .withInitialDelaySeconds(spec.initialDelaySeconds)
        .withPeriodSeconds(spec.periodSeconds)
        .withTimeoutSeconds(spec.timeoutSeconds)
        .withFailureThreshold(spec.failureThreshold)
        .build();
  }
}
