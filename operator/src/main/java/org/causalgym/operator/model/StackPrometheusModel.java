package org.causalgym.operator.model;

import io.fabric8.kubernetes.api.model.Container;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackMode;
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

  public static final int PORT = 9090;

  /** The key of the complete configuration in ConfigMap {@code <name>-prometheus}. */
  public static final String CONFIG_KEY = "prometheus.yml";

  /** Where ConfigMap {@code <name>-prometheus} is mounted. */
  public static final String CONFIG_DIR = "/etc/prometheus/config";

  /** How often Prometheus looks for a changed configuration or rule file. */
  static final String RELOAD_INTERVAL = "10s";

  /** The rule evaluation interval: Prometheus' own default is a minute; alerts want sooner. */
  static final String EVALUATION_INTERVAL = "15s";

  /** The volume claim template's name, and the name of its volume in the pod. */
  static final String DATA_VOLUME = "data";

  private static final long NOBODY = 65534;
  private static final String DATA = "/prometheus";

  private StackPrometheusModel() {}

  public static boolean managed(CausalGymMonitoring cr) {
    return cr.getSpec().stack != null && cr.getSpec().stack.mode == StackMode.managed;
  }

  /** Whether the samples are kept in a volume claim (a StatefulSet) rather than an emptyDir. */
  public static boolean persistent(CausalGymMonitoring cr) {
    String size = cr.getSpec().stack.prometheus.storage.size;
    return size != null && !size.isEmpty();
  }

  /**
   * The claim the StatefulSet controller creates for its one pod: {@code
   * <template>-<set>-<ordinal>} (kubernetes v1.32 pkg/controller/statefulset/stateful_set_utils.go
   * getPersistentVolumeClaimName).
   */
  public static String claimName(CausalGymMonitoring cr) {
    return DATA_VOLUME + "-" + podName(cr);
  }

  /** The StatefulSet's one pod: {@code <set>-0}. */
  public static String podName(CausalGymMonitoring cr) {
    return StackWorkloads.name(cr, StackWorkloads.PROMETHEUS) + "-0";
  }

  /**
   * The Prometheus whose HTTP API condition Observed reads: spec.prometheus.url, else the managed
   * one.
   */
  public static Optional<String> observedUrl(CausalGymMonitoring cr) {
    if (cr.getSpec() == null || cr.getSpec().prometheus == null) {
      return Optional.empty();
    }
    String url = cr.getSpec().prometheus.url;
    if (url != null && !url.isEmpty()) {
      return Optional.of(url);
    }
    return managed(cr) ? Optional.of(url(cr)) : Optional.empty();
  }

  public static String url(CausalGymMonitoring cr) {
    return StackWorkloads.url(cr, StackWorkloads.PROMETHEUS, PORT);
  }

  /**
   * The complete prometheus.yml: the resource's scrape job and rule file, and the managed
   * Alertmanager where alerts are routed.
   */
  public static String config(CausalGymMonitoring cr) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(
        "global",
        PlainYaml.ordered(
            "scrape_interval",
            cr.getSpec().metrics.scrapeInterval,
            "evaluation_interval",
            EVALUATION_INTERVAL));
    config.put("rule_files", List.of(CONFIG_DIR + "/" + StandalonePrometheusModel.RULES_KEY));
    if (cr.getSpec().alertmanager.enabled) {
      config.put(
          "alerting",
          PlainYaml.ordered(
              "alertmanagers",
              List.of(
                  PlainYaml.ordered(
                      "static_configs",
                      List.of(
                          PlainYaml.ordered(
                              "targets",
                              List.of(
                                  StackWorkloads.name(cr, StackWorkloads.ALERTMANAGER)
                                      + ":"
                                      + StackAlertmanagerModel.PORT)))))));
    }
    config.put("scrape_configs", List.of(StandalonePrometheusModel.scrapeConfig(cr)));
    return PlainYaml.write(config);
  }

  /**
   * The ServiceAccount's owned fields: its secrets and imagePullSecrets are filled in by
   * controllers (OpenShift's service account controllers add a pull secret for the internal
   * registry, clusters before 1.24 a token Secret, pull-secret injectors theirs), so they are left
   * to them; the token annotations those controllers add are other writers' keys anyway.
   */
  public static OwnedFields serviceAccountFields(CausalGymMonitoring cr) {
    return OwnedFields.everythingWritten().tolerating("secrets", "imagePullSecrets");
  }

  public static ServiceAccount serviceAccount(CausalGymMonitoring cr) {
    return new ServiceAccountBuilder()
        .withMetadata(StackWorkloads.meta(cr, StackWorkloads.PROMETHEUS))
        .build();
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

  public static Role role(CausalGymMonitoring cr) {
    return new RoleBuilder()
        .withMetadata(StackWorkloads.meta(cr, StackWorkloads.PROMETHEUS))
        .withRules(discoveryRules())
        .build();
  }

  public static RoleBinding roleBinding(CausalGymMonitoring cr) {
    String name = StackWorkloads.name(cr, StackWorkloads.PROMETHEUS);
    return new RoleBindingBuilder()
        .withMetadata(StackWorkloads.meta(cr, StackWorkloads.PROMETHEUS))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(name)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(cr.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  public static Deployment deployment(CausalGymMonitoring cr) {
    List<Volume> volumes = new ArrayList<>(volumes(cr));
    volumes.add(StackWorkloads.emptyDir(DATA_VOLUME));
    return new DeploymentBuilder()
        .withMetadata(StackWorkloads.meta(cr, StackWorkloads.PROMETHEUS))
        .withNewSpec()
        .withReplicas(1)
        // Two Prometheus processes must not share one TSDB: the old one stops first.
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(StackWorkloads.selector(cr, StackWorkloads.PROMETHEUS))
        .endSelector()
        .withTemplate(template(cr, volumes))
        .endSpec()
        .build();
  }

  public static StatefulSet statefulSet(CausalGymMonitoring cr) {
    StackPrometheusSpec spec = cr.getSpec().stack.prometheus;
    PersistentVolumeClaim claim =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(DATA_VOLUME)
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
        .withMetadata(StackWorkloads.meta(cr, StackWorkloads.PROMETHEUS))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(StackWorkloads.name(cr, StackWorkloads.PROMETHEUS))
        .withNewSelector()
        .withMatchLabels(StackWorkloads.selector(cr, StackWorkloads.PROMETHEUS))
        .endSelector()
        .withTemplate(template(cr, volumes(cr)))
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

  public static Service service(CausalGymMonitoring cr) {
    return StackWorkloads.service(cr, StackWorkloads.PROMETHEUS, PORT);
  }

  /**
   * A workload's owned fields; the StatefulSet's claim templates get the API server's fill-ins. The
   * claim retention policy is written, never compared: an API server older than 1.27 (or with the
   * StatefulSetAutoDeletePVC gate off) drops it, which must not start a write loop.
   */
  public static OwnedFields workloadFields(CausalGymMonitoring cr) {
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

  private static List<Volume> volumes(CausalGymMonitoring cr) {
    return List.of(
        StackWorkloads.configMap(
            "config", cr.getMetadata().getName() + StandalonePrometheusModel.SUFFIX));
  }

  private static PodTemplateSpec template(CausalGymMonitoring cr, List<Volume> volumes) {
    StackPrometheusSpec spec = cr.getSpec().stack.prometheus;
    Container container =
        StackWorkloads.container(
                "prometheus",
                spec.image,
                PORT,
                "/-/healthy",
                "/-/ready",
                StackWorkloads.resources(spec.resources, "100m", "256Mi", "1Gi"))
            .withArgs(
                "--config.file=" + CONFIG_DIR + "/" + CONFIG_KEY,
                "--storage.tsdb.path=" + DATA,
                "--storage.tsdb.retention.time=" + spec.retention,
                "--web.listen-address=:" + PORT,
                "--enable-feature=auto-reload-config",
                "--config.auto-reload-interval=" + RELOAD_INTERVAL)
            .withVolumeMounts(
                new VolumeMountBuilder()
                    .withName("config")
                    .withMountPath(CONFIG_DIR)
                    .withReadOnly(true)
                    .build(),
                new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(DATA).build())
            .build();
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(StackWorkloads.labels(cr, StackWorkloads.PROMETHEUS))
        .endMetadata()
        .withSpec(
            StackWorkloads.restrictedPod(NOBODY)
                .withServiceAccountName(StackWorkloads.name(cr, StackWorkloads.PROMETHEUS))
                .withContainers(container)
                .withVolumes(volumes)
                .build())
        .build();
  }
}
