package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.Labels;

/**
 * What the managed stack's workloads share: their labels and selector, a pod that meets the
 * restricted Pod Security Standard with a read-only root file system, a container with HTTP probes
 * on its one port, a Service on that port, and which fields of a pod template the API server fills
 * in (tolerated) so that its defaults are not taken for drift.
 */
public final class StackWorkloads {

  /** The app.kubernetes.io/name of each managed server, and its objects' name suffix. */
  public static final String PROMETHEUS = "prometheus";

  public static final String ALERTMANAGER = "alertmanager";
  public static final String GRAFANA = "grafana";

  /** The one port of each managed server. */
  static final int PROMETHEUS_PORT = 9090;

  static final int ALERTMANAGER_PORT = 9093;
  static final int GRAFANA_PORT = 3000;

  /**
   * The managed Prometheus' volume claim template, and the name of its volume in the pod: the claim
   * is named after it.
   */
  static final String PROMETHEUS_DATA_VOLUME = "data";

  /**
   * The keys of the managed Grafana's admin Secret, as the Grafana Helm chart names them: the
   * generated Secret holds them, a named one must.
   */
  static final String GRAFANA_ADMIN_USER_KEY = "admin-user";

  static final String GRAFANA_ADMIN_PASSWORD_KEY = "admin-password";

  /** Files of mounted ConfigMaps and Secrets: readable by the pod's group, as the default. */
  static final int DEFAULT_MODE = 420;

  private StackWorkloads() {}

  /** The metadata of a managed server's objects: named as the plan says, labelled with it. */
  static ObjectMeta meta(CausalGymMonitoring cr, String name, String component) {
    return ObjectMetas.named(cr, name, labels(cr, component));
  }

  /**
   * The common labels, named after the server: the gym's Deployment and Service select pods by its
   * own name label, which the stack's pods must not carry.
   */
  static Map<String, String> labels(CausalGymMonitoring cr, String component) {
    Map<String, String> labels = ResourceLabels.common(cr);
    labels.putAll(selector(cr, component));
    return labels;
  }

  static Map<String, String> selector(CausalGymMonitoring cr, String component) {
    Map<String, String> selector = ResourceLabels.selector(cr);
    selector.put(Labels.NAME, component);
    return selector;
  }

  /** A pod that meets the restricted Pod Security Standard, as user and group uid. */
  static PodSpecBuilder restrictedPod(long uid) {
    return new PodSpecBuilder()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext();
  }

  /** A container on one named port with liveness and readiness probes, read-only root. */
  static ContainerBuilder container(
      String name,
      String image,
      int port,
      String livenessPath,
      String readinessPath,
      ResourceRequirements resources) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .addNewPort()
        .withName("http")
        .withContainerPort(port)
        .withProtocol("TCP")
        .endPort()
        .withLivenessProbe(probe(livenessPath, 10))
        .withReadinessProbe(probe(readinessPath, 5))
        .withResources(resources)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext();
  }

  private static Probe probe(String path, int periodSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("http"))
        .withScheme("HTTP")
        .endHttpGet()
        .withInitialDelaySeconds(5)
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(3)
        .withFailureThreshold(6)
        .build();
  }

  /** The spec's resources, or these defaults where it sets none. */
  static ResourceRequirements resources(
      ResourceRequirements spec, String cpuRequest, String memoryRequest, String memoryLimit) {
    if (spec != null) {
      return spec;
    }
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(cpuRequest));
    requests.put("memory", new Quantity(memoryRequest));
    return new ResourceRequirementsBuilder()
        .withRequests(requests)
        .withLimits(Map.of("memory", new Quantity(memoryLimit)))
        .build();
  }

  static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  static Volume configMap(String name, String configMap) {
    return new VolumeBuilder()
        .withName(name)
        .withNewConfigMap()
        .withName(configMap)
        .withDefaultMode(DEFAULT_MODE)
        .endConfigMap()
        .build();
  }

  static Volume secret(String name, String secret) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(DEFAULT_MODE)
        .endSecret()
        .build();
  }

  /** A Secret volume of only these keys, each a file of its own name. */
  static Volume secret(String name, String secret, Collection<String> keys) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(DEFAULT_MODE)
        .withItems(keys.stream().map(key -> new KeyToPath(key, null, key)).toList())
        .endSecret()
        .build();
  }

  /** The ClusterIP Service of a managed server on its one port. */
  static Service service(CausalGymMonitoring cr, String name, String component, int port) {
    return new ServiceBuilder()
        .withMetadata(meta(cr, name, component))
        .withNewSpec()
        .withSelector(selector(cr, component))
        .addNewPort()
        .withName("http")
        .withPort(port)
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * The fields of a pod template that the API server fills in (Kubernetes' SetDefaults_PodSpec and
   * _Container), and annotations of other tools (kubectl rollout restart), at template.
   */
  static String[] podTemplateDefaults(String template) {
    String pod = template + "spec.";
    String container = pod + "containers.*.";
    return new String[] {
      template + "metadata.creationTimestamp",
      template + "metadata.annotations.*",
      pod + "dnsPolicy",
      pod + "restartPolicy",
      pod + "schedulerName",
      pod + "terminationGracePeriodSeconds",
      pod + "enableServiceLinks",
      container + "imagePullPolicy",
      container + "terminationMessagePath",
      container + "terminationMessagePolicy",
      container + "livenessProbe.successThreshold",
      container + "readinessProbe.successThreshold",
      container + "env.*.valueFrom.fieldRef.apiVersion",
      container + "env.*.valueFrom.resourceFieldRef.divisor"
    };
  }

  /**
   * The fields of a pod template that take values from the spec and whose Go type is a value tagged
   * omitempty (kubernetes v1.32.0 staging/src/k8s.io/api/core/v1/types.go: EnvVar.Value,
   * LocalObjectReference.Name in ConfigMapKeySelector and SecretKeySelector,
   * ObjectFieldSelector.APIVersion, ResourceFieldSelector.ContainerName, Probe's int32 fields,
   * ResourceClaim.Request): an empty env value or a zero probe delay comes back absent. What the
   * builders write as constants is never zero at such a field (DesiredObjectsAsStoredTest).
   */
  static String[] podTemplateOmitEmpty(String template) {
    String container = template + "spec.containers.*.";
    List<String> paths = new ArrayList<>();
    paths.add(container + "env.*.value");
    for (String selector : List.of("configMapKeyRef.name", "secretKeyRef.name")) {
      paths.add(container + "env.*.valueFrom." + selector);
    }
    paths.add(container + "env.*.valueFrom.fieldRef.apiVersion");
    paths.add(container + "env.*.valueFrom.resourceFieldRef.containerName");
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      for (String field :
          List.of(
              "initialDelaySeconds",
              "timeoutSeconds",
              "periodSeconds",
              "successThreshold",
              "failureThreshold")) {
        paths.add(container + probe + "." + field);
      }
    }
    paths.add(container + "resources.claims.*.request");
    return paths.toArray(String[]::new);
  }

  /**
   * The owned fields of a workload: all it writes but the API server's defaults. The pod's
   * deprecated serviceAccount is what the API server answers for serviceAccountName (kubernetes
   * v1.32.0 pkg/apis/core/v1/conversion.go: Convert_core_PodSpec_To_v1_PodSpec copies
   * ServiceAccountName into it on every read; Convert_v1_PodSpec_To_core_PodSpec takes it as the
   * name where serviceAccountName is empty): written back, it would keep a hand-set
   * serviceAccountName that the write is meant to remove.
   */
  static OwnedFields workloadFields() {
    return OwnedFields.everythingWritten()
        .tolerating("spec.strategy", "spec.revisionHistoryLimit", "spec.progressDeadlineSeconds")
        .tolerating(podTemplateDefaults("spec.template."))
        .omittingZeroAt(podTemplateOmitEmpty("spec.template."))
        .derivedAt("spec.template.spec.serviceAccount")
        .withQuantitiesAt(
            "spec.template.spec.containers.*.resources.requests.*",
            "spec.template.spec.containers.*.resources.limits.*",
            "spec.template.spec.volumes.*.emptyDir.sizeLimit");
  }

  /** A checksum of a configuration, for a pod template annotation that rolls pods on a change. */
  static String checksum(String text) {
    return HexFormat.of().formatHex(Sha256.of(text));
  }
}
