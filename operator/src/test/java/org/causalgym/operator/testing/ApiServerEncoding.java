package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A built-in object as a real API server stores and answers it, from what a client wrote: decoded
 * into the Go types of k8s.io/api and encoded again. Two rules follow. A field whose Go type is a
 * value (string, int32, int64, bool, not a pointer) decodes a zero value and an absent field alike
 * into the zero value, and encoding/json leaves it out where it is tagged {@code omitempty} (so an
 * env entry's {@code value: ""} and a probe's {@code initialDelaySeconds: 0} come back absent) and
 * writes it where it is not (a RoleRef's {@code apiGroup: ""} comes back though not sent). Pointer
 * fields keep 0 and false. And a pod's deprecated {@code serviceAccount} is converted as
 * pkg/apis/core/v1/conversion.go does.
 *
 * <p>The table is written from kubernetes v1.32.0 (staging/src/k8s.io/api/core/v1/types.go,
 * apps/v1/types.go, rbac/v1/types.go and apimachinery pkg/apis/meta/v1/types.go; the API server
 * decodes with sigs.k8s.io/json and encodes with encoding/json, apimachinery v0.32.0
 * pkg/runtime/serializer/json/json.go), for the structs of the kinds the operator owns that its
 * objects can hold; a struct not in the table (affinity, tolerations, other volume sources, status)
 * is passed on as written. It is the tests' own reading of those types, independent of the
 * operator's declarations, which it checks. Custom resources are stored as sent and are not
 * touched.
 */
public final class ApiServerEncoding {

  /**
   * Each struct's fields, one string each: {@code name?} a value-typed omitempty field, left out
   * when zero; {@code name=""}, {@code name=0} a value-typed field without omitempty, written with
   * its zero value when absent; {@code name:Type} a struct, pointer to one, or list of them.
   */
  private static final Map<String, GoStruct> TYPES = new HashMap<>();

  static {
    // Roots: the kinds the operator owns, by kind.
    go("Deployment", "metadata:ObjectMeta", "spec:DeploymentSpec");
    go("StatefulSet", "metadata:ObjectMeta", "spec:StatefulSetSpec");
    go("Service", "metadata:ObjectMeta", "spec:ServiceSpec");
    go("ConfigMap", "metadata:ObjectMeta");
    go("Secret", "metadata:ObjectMeta", "type?");
    go(
        "ServiceAccount",
        "metadata:ObjectMeta",
        "secrets:ObjectReference",
        "imagePullSecrets:LocalObjectReference");
    go("Role", "metadata:ObjectMeta");
    go("RoleBinding", "metadata:ObjectMeta", "subjects:Subject", "roleRef:RoleRef");
    // meta/v1 (creationTimestamp is a struct, which omitempty never leaves out: not listed).
    go(
        "ObjectMeta",
        "name?",
        "generateName?",
        "namespace?",
        "selfLink?",
        "uid?",
        "resourceVersion?",
        "generation?",
        "ownerReferences:OwnerReference");
    go("OwnerReference", "apiVersion=\"\"", "kind=\"\"", "name=\"\"", "uid=\"\"");
    go("LabelSelector", "matchExpressions:LabelSelectorRequirement");
    go("LabelSelectorRequirement", "key=\"\"", "operator=\"\"");
    // apps/v1
    go(
        "DeploymentSpec",
        "minReadySeconds?",
        "paused?",
        "strategy:DeploymentStrategy",
        "selector:LabelSelector",
        "template:PodTemplateSpec");
    go("DeploymentStrategy", "type?");
    go(
        "StatefulSetSpec",
        "serviceName=\"\"",
        "podManagementPolicy?",
        "minReadySeconds?",
        "selector:LabelSelector",
        "template:PodTemplateSpec",
        "volumeClaimTemplates:PersistentVolumeClaim");
    // core/v1
    go("PersistentVolumeClaim", "metadata:ObjectMeta", "spec:PersistentVolumeClaimSpec");
    go("PersistentVolumeClaimSpec", "volumeName?");
    go("PodTemplateSpec", "metadata:ObjectMeta", "spec:PodSpec");
    go(
        "PodSpec",
        "restartPolicy?",
        "dnsPolicy?",
        "serviceAccountName?",
        "serviceAccount?",
        "nodeName?",
        "hostNetwork?",
        "hostPID?",
        "hostIPC?",
        "hostname?",
        "subdomain?",
        "schedulerName?",
        "priorityClassName?",
        "volumes:Volume",
        "initContainers:Container",
        "containers:Container",
        "imagePullSecrets:LocalObjectReference");
    go(
        "Container",
        "name=\"\"",
        "image?",
        "workingDir?",
        "terminationMessagePath?",
        "terminationMessagePolicy?",
        "imagePullPolicy?",
        "stdin?",
        "stdinOnce?",
        "tty?",
        "ports:ContainerPort",
        "envFrom:EnvFromSource",
        "env:EnvVar",
        "resources:ResourceRequirements",
        "volumeMounts:VolumeMount",
        "livenessProbe:Probe",
        "readinessProbe:Probe",
        "startupProbe:Probe");
    go("ContainerPort", "name?", "hostPort?", "containerPort=0", "protocol?", "hostIP?");
    // ConfigMapEnvSource and SecretEnvSource: LocalObjectReference inline, and a pointer.
    go(
        "EnvFromSource",
        "prefix?",
        "configMapRef:LocalObjectReference",
        "secretRef:LocalObjectReference");
    go("EnvVar", "name=\"\"", "value?", "valueFrom:EnvVarSource");
    go(
        "EnvVarSource",
        "fieldRef:ObjectFieldSelector",
        "resourceFieldRef:ResourceFieldSelector",
        // ConfigMapKeySelector and SecretKeySelector: LocalObjectReference inline, and key.
        "configMapKeyRef:KeySelector",
        "secretKeyRef:KeySelector");
    go("KeySelector", "name?", "key=\"\"");
    go("ObjectFieldSelector", "apiVersion?", "fieldPath=\"\"");
    go("ResourceFieldSelector", "containerName?", "resource=\"\"");
    go("ResourceRequirements", "claims:ResourceClaim");
    go("ResourceClaim", "name=\"\"", "request?");
    go("VolumeMount", "name=\"\"", "readOnly?", "mountPath=\"\"", "subPath?", "subPathExpr?");
    // Probe: ProbeHandler inline.
    go(
        "Probe",
        "initialDelaySeconds?",
        "timeoutSeconds?",
        "periodSeconds?",
        "successThreshold?",
        "failureThreshold?",
        "httpGet:HTTPGetAction",
        "tcpSocket:TCPSocketAction");
    go("HTTPGetAction", "path?", "host?", "scheme?", "httpHeaders:HTTPHeader");
    go("HTTPHeader", "name=\"\"", "value=\"\"");
    go("TCPSocketAction", "host?");
    // Volume: VolumeSource inline.
    go(
        "Volume",
        "name=\"\"",
        "configMap:ConfigMapVolumeSource",
        "secret:SecretVolumeSource",
        "emptyDir:EmptyDirVolumeSource",
        "persistentVolumeClaim:PersistentVolumeClaimVolumeSource");
    go("ConfigMapVolumeSource", "name?", "items:KeyToPath");
    go("SecretVolumeSource", "secretName?", "items:KeyToPath");
    go("KeyToPath", "key=\"\"", "path=\"\"");
    go("EmptyDirVolumeSource", "medium?");
    go("PersistentVolumeClaimVolumeSource", "claimName=\"\"", "readOnly?");
    go(
        "ServiceSpec",
        "clusterIP?",
        "type?",
        "sessionAffinity?",
        "loadBalancerIP?",
        "externalName?",
        "externalTrafficPolicy?",
        "healthCheckNodePort?",
        "publishNotReadyAddresses?",
        "ports:ServicePort");
    go("ServicePort", "name?", "protocol?", "port=0", "nodePort?");
    go(
        "ObjectReference",
        "kind?",
        "namespace?",
        "name?",
        "uid?",
        "apiVersion?",
        "resourceVersion?",
        "fieldPath?");
    go("LocalObjectReference", "name?");
    // rbac/v1 (PolicyRule holds lists of strings only).
    go("Subject", "kind=\"\"", "apiGroup?", "name=\"\"", "namespace?");
    go("RoleRef", "apiGroup=\"\"", "kind=\"\"", "name=\"\"");
  }

  private ApiServerEncoding() {}

  /** Whether objects of this kind go through the table: the built-in kinds the operator owns. */
  public static boolean isBuiltIn(String kind) {
    return Set.of(
            "Deployment",
            "StatefulSet",
            "Service",
            "ConfigMap",
            "Secret",
            "ServiceAccount",
            "Role",
            "RoleBinding")
        .contains(kind);
  }

  /** Rewrites a written object of a built-in kind in place into what the API server answers. */
  public static void store(ObjectNode object) {
    String kind = object.path("kind").asText();
    if (!isBuiltIn(kind)) {
      return;
    }
    convertServiceAccountAlias(object);
    encode(object, TYPES.get(kind));
  }

  /**
   * kubernetes v1.32.0 pkg/apis/core/v1/conversion.go: Convert_v1_PodSpec_To_core_PodSpec takes
   * serviceAccount as the name where serviceAccountName is empty (the new field wins where both are
   * set); Convert_core_PodSpec_To_v1_PodSpec writes serviceAccountName into serviceAccount on every
   * answer.
   */
  private static void convertServiceAccountAlias(ObjectNode object) {
    JsonNode pod = object.path("spec").path("template").path("spec");
    if (!pod.isObject()) {
      return;
    }
    ObjectNode spec = (ObjectNode) pod;
    String name = spec.path("serviceAccountName").asText("");
    if (name.isEmpty()) {
      name = spec.path("serviceAccount").asText("");
    }
    spec.put("serviceAccountName", name);
    spec.put("serviceAccount", name);
  }

  private static void encode(JsonNode node, GoStruct type) {
    if (node.isArray()) {
      node.forEach(element -> encode(element, type));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) node;
    for (String field : type.omitEmpty()) {
      JsonNode value = object.path(field);
      boolean zero =
          value.isNull()
              || (value.isTextual() && value.asText().isEmpty())
              || (value.isNumber() && value.decimalValue().signum() == 0)
              || (value.isBoolean() && !value.asBoolean());
      if (zero) {
        object.remove(field);
      }
    }
    type.written()
        .forEach(
            (field, zero) -> {
              if (!object.hasNonNull(field)) {
                if (zero instanceof Integer number) {
                  object.put(field, number);
                } else {
                  object.put(field, (String) zero);
                }
              }
            });
    type.children()
        .forEach(
            (field, child) -> {
              if (object.has(field)) {
                encode(object.get(field), TYPES.get(child));
              }
            });
  }

  private static void go(String name, String... fields) {
    GoStruct type =
        TYPES.computeIfAbsent(
            name,
            n -> new GoStruct(new LinkedHashSet<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
    for (String field : fields) {
      if (field.endsWith("?")) {
        type.omitEmpty().add(field.substring(0, field.length() - 1));
      } else if (field.endsWith("=\"\"")) {
        type.written().put(field.substring(0, field.length() - 3), "");
      } else if (field.endsWith("=0")) {
        type.written().put(field.substring(0, field.length() - 2), 0);
      } else {
        String[] parts = field.split(":");
        type.children().put(parts[0], parts[1]);
      }
    }
  }

  /** One Go struct of the table. */
  private record GoStruct(
      Set<String> omitEmpty, Map<String, Object> written, Map<String, String> children) {}
}
