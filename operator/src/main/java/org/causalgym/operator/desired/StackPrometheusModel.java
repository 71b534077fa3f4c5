package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.StackPrometheusSpec;

/**
 * The managed Prometheus ({@code spec.stack.mode: managed}): its ServiceAccount, a Role allowing
 * exactly the service discovery reads of the scrape job in the namespace, the binding, a Deployment
 * (an emptyDir for the samples) or a StatefulSet (a volume claim, when a storage size is set)
 * running the complete prometheus.yml of ConfigMap {@code <name>-prometheus}, and its Service on
 * 9090. Prometheus re-reads its configuration and rule files when they change (3.x's config
 * auto-reload), so a threshold edit takes effect without a restart.
 */
public final class StackPrometheusModel {

  /** How often Prometheus looks for a changed configuration or rule file. */
  static final String RELOAD_INTERVAL = "10s";

  private static final long NOBODY = 65534;
  private static final String DATA = "/prometheus";

  private StackPrometheusModel() {}

  /**
   * The ServiceAccount's owned fields: its secrets and imagePullSecrets are filled in by
   * controllers (OpenShift's service account controllers add a pull secret for the internal
   * registry, clusters before 1.24 a token Secret, pull-secret injectors theirs), so they are left
   * to them; the token annotations those controllers add are other writers' keys anyway.
   */
  public static OwnedFields serviceAccountFields(GymPlan plan) {
    return OwnedFields.everythingWritten().tolerating("secrets", "imagePullSecrets");
  }

  public static ServiceAccount serviceAccount(GymPlan plan) {
    return new ServiceAccountBuilder().withMetadata(meta(plan)).build();
  }

  /** The reads of Kubernetes endpoints discovery in the namespace, nothing else. */
  public static List<PolicyRule> discoveryRules() {
    return List.of(
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("endpoints", "services", "pods")
            .withVerbs("get", "list", "watch")
            .build(),
        new PolicyRuleBuilder()
            .withApiGroups("discovery.k8s.io")
            .withResources("endpointslices")
            .withVerbs("get", "list", "watch")
            .build());
  }

  public static Role role(GymPlan plan) {
    return new RoleBuilder().withMetadata(meta(plan)).withRules(discoveryRules()).build();
  }

  public static RoleBinding roleBinding(GymPlan plan) {
    String name = plan.names().stackPrometheus();
    return new RoleBindingBuilder()
        .withMetadata(meta(plan))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(name)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(plan.names().namespace())
        .endSubject()
        .build();
  }

  public static Deployment deployment(GymPlan plan) {
    List<Volume> volumes = new ArrayList<>(volumes(plan));
    volumes.add(StackWorkloads.emptyDir(StackWorkloads.PROMETHEUS_DATA_VOLUME));
    return new DeploymentBuilder()
        .withMetadata(meta(plan))
        .withNewSpec()
        .withReplicas(1)
        // Two Prometheus processes must not share one TSDB: the old one stops first.
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(StackWorkloads.selector(plan.resource(), StackWorkloads.PROMETHEUS))
        .endSelector()
        .withTemplate(template(plan, volumes))
        .endSpec()
        .build();
  }

  public static StatefulSet statefulSet(GymPlan plan) {
    StackPrometheusSpec spec = plan.resource().getSpec().stack.prometheus;
    PersistentVolumeClaim claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(StackWorkloads.PROMETHEUS_DATA_VOLUME)
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withVolumeMode("Filesystem")
            .withStorageClassName(
                spec.storage.storageClassName.isEmpty() ? null : spec.storage.storageClassName)
            .withNewResources()
            // Empty only where the StatefulSet is not wanted (a Deployment keeps the samples).
            .withRequests(
                spec.storage.size.isEmpty()
                    ? null
                    : Map.of("storage", new Quantity(spec.storage.size)))
            .endResources()
            .endSpec()
            .build();
    return new StatefulSetBuilder()
        .withMetadata(meta(plan))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(plan.names().stackPrometheus())
        .withNewSelector()
        .withMatchLabels(StackWorkloads.selector(plan.resource(), StackWorkloads.PROMETHEUS))
        .endSelector()
        .withTemplate(template(plan, volumes(plan)))
        .withVolumeClaimTemplates(claim)
        // The claim goes with the StatefulSet (kubectl delete cgm, stack.mode external, storage
        // size emptied) but not when the set scales down. Beta and on by default from Kubernetes
        // 1.27, GA in 1.32; an older API server drops the field, and the claim is retained.
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted("Delete")
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .endSpec()
        .build();
  }

  public static Service service(GymPlan plan) {
    return StackWorkloads.service(
        plan.resource(),
        plan.names().stackPrometheus(),
        StackWorkloads.PROMETHEUS,
        StackWorkloads.PROMETHEUS_PORT);
  }

  /**
   * A workload's owned fields; the StatefulSet's claim templates get the API server's fill-ins. The
   * claim retention policy is written, never compared: an API server older than 1.27 (or with the
   * StatefulSetAutoDeletePVC gate off) drops it, which must not start a write loop.
   */
  public static OwnedFields workloadFields(GymPlan plan) {
    return StackWorkloads.workloadFields()
        .yieldingTo("spec.persistentVolumeClaimRetentionPolicy")
        .tolerating(
            "spec.podManagementPolicy",
            "spec.updateStrategy",
            "spec.volumeClaimTemplates.*.apiVersion",
            "spec.volumeClaimTemplates.*.kind",
            "spec.volumeClaimTemplates.*.metadata.creationTimestamp",
            "spec.volumeClaimTemplates.*.status")
        .withQuantitiesAt("spec.volumeClaimTemplates.*.spec.resources.requests.*");
  }

  private static ObjectMeta meta(GymPlan plan) {
    return StackWorkloads.meta(
        plan.resource(), plan.names().stackPrometheus(), StackWorkloads.PROMETHEUS);
  }

  /** The plain form's ConfigMap, with the complete prometheus.yml and the rule file. */
  private static List<Volume> volumes(GymPlan plan) {
    return List.of(StackWorkloads.configMap("config", plan.names().plainPrometheusConfig()));
  }

  private static PodTemplateSpec template(GymPlan plan, List<Volume> volumes) {
    StackPrometheusSpec spec = plan.resource().getSpec().stack.prometheus;
    Container container =
        StackWorkloads.container(
                "prometheus",
                spec.image,
                StackWorkloads.PROMETHEUS_PORT,
                "/-/healthy",
                "/-/ready",
                StackWorkloads.resources(spec.resources, "100m", "256Mi", "1Gi"))
            .withArgs(
                "--config.file="
                    + PlainPrometheusConfigModel.MOUNT_DIR
                    + "/"
                    + PlainPrometheusConfigModel.MANAGED_CONFIG_KEY,
                "--storage.tsdb.path=" + DATA,
                "--storage.tsdb.retention.time=" + spec.retention,
                "--web.listen-address=:" + StackWorkloads.PROMETHEUS_PORT,
                "--enable-feature=auto-reload-config",
                "--config.auto-reload-interval=" + RELOAD_INTERVAL)
            .withVolumeMounts(
                new VolumeMountBuilder()
                    .withName("config")
                    .withMountPath(PlainPrometheusConfigModel.MOUNT_DIR)
                    .withReadOnly(true)
                    .build(),
                new VolumeMountBuilder()
                    .withName(StackWorkloads.PROMETHEUS_DATA_VOLUME)
                    .withMountPath(DATA)
                    .build())
            .build();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(StackWorkloads.labels(plan.resource(), StackWorkloads.PROMETHEUS))
        .endMetadata()
        .withSpec(
            StackWorkloads.restrictedPod(NOBODY)
                .withServiceAccountName(plan.names().stackPrometheus())
                .withContainers(container)
                .withVolumes(volumes)
                .build())
        .build();
  }
}
