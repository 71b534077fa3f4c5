package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a real API server fills in when a Deployment, StatefulSet or Service is written (Kubernetes'
 * SetDefaults_Deployment, _StatefulSet, _PodSpec, _Volume, _Container, _Probe, _Service and the
 * ClusterIP allocator), so that the demo's and the tests' mock API hand back objects as a cluster
 * would.
 */
final class BuiltInDefaults {

  private final AtomicInteger nextClusterIp = new AtomicInteger(10);

  /** Fills the defaults into a Deployment or Service written to the API; other kinds untouched. */
  void apply(ObjectNode object) {
    switch (object.path("kind").asText()) {
      case "Deployment" -> deployment(object);
      case "StatefulSet" -> statefulSet(object);
      case "Service" -> service(object);
      default -> {}
    }
  }

  private static void deployment(ObjectNode deployment) {
    ObjectNode spec = child(deployment, "spec");
    putIfAbsent(spec, "replicas", 1);
    ObjectNode strategy = child(spec, "strategy");
    if (!strategy.has("type")) {
      strategy.put("type", "RollingUpdate");
    }
    if ("RollingUpdate".equals(strategy.path("type").asText())) {
      ObjectNode rolling = child(strategy, "rollingUpdate");
      putIfAbsent(rolling, "maxUnavailable", "25%");
      putIfAbsent(rolling, "maxSurge", "25%");
    }
    putIfAbsent(spec, "revisionHistoryLimit", 10);
    putIfAbsent(spec, "progressDeadlineSeconds", 600);
    podTemplate(child(spec, "template"));
  }

  /** SetDefaults_StatefulSet, and what the API server writes into each volume claim template. */
  private static void statefulSet(ObjectNode statefulSet) {
    ObjectNode spec = child(statefulSet, "spec");
    putIfAbsent(spec, "replicas", 1);
    putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
    ObjectNode strategy = child(spec, "updateStrategy");
    putIfAbsent(strategy, "type", "RollingUpdate");
    putIfAbsent(child(strategy, "rollingUpdate"), "partition", 0);
    putIfAbsent(spec, "revisionHistoryLimit", 10);
    ObjectNode retention = child(spec, "persistentVolumeClaimRetentionPolicy");
    putIfAbsent(retention, "whenDeleted", "Retain");
    putIfAbsent(retention, "whenScaled", "Retain");
    for (JsonNode claim : spec.path("volumeClaimTemplates")) {
      ObjectNode c = (ObjectNode) claim;
      putIfAbsent(c, "apiVersion", "v1");
      putIfAbsent(c, "kind", "PersistentVolumeClaim");
      child(c, "metadata").putNull("creationTimestamp");
      putIfAbsent(child(c, "spec"), "volumeMode", "Filesystem");
      putIfAbsent(child(c, "status"), "phase", "Pending");
    }
    podTemplate(child(spec, "template"));
  }

  private static void podTemplate(ObjectNode template) {
    child(template, "metadata").putNull("creationTimestamp");
    ObjectNode pod = child(template, "spec");
    putIfAbsent(pod, "dnsPolicy", "ClusterFirst");
    putIfAbsent(pod, "restartPolicy", "Always");
    putIfAbsent(pod, "terminationGracePeriodSeconds", 30);
    putIfAbsent(pod, "schedulerName", "default-scheduler");
    putIfAbsent(pod, "enableServiceLinks", true);
    child(pod, "securityContext");
    if (pod.hasNonNull("serviceAccountName")) {
      putIfAbsent(pod, "serviceAccount", pod.get("serviceAccountName").asText());
    }
    for (JsonNode container : pod.path("containers")) {
      container((ObjectNode) container);
    }
    for (JsonNode volume : pod.path("volumes")) {
      for (String source : new String[] {"configMap", "secret"}) {
        if (volume.path(source).isObject()) {
          putIfAbsent((ObjectNode) volume.get(source), "defaultMode", 420);
        }
      }
    }
  }

  private static void container(ObjectNode container) {
    putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
    putIfAbsent(container, "terminationMessagePolicy", "File");
    String image = container.path("image").asText();
    String tag = image.contains("@") ? "digest" : image.replaceFirst("^.*?(:([^:/]*))?$", "$2");
    putIfAbsent(
        container,
        "imagePullPolicy",
        tag.isEmpty() || tag.equals("latest") ? "Always" : "IfNotPresent");
    for (JsonNode port : container.path("ports")) {
      putIfAbsent((ObjectNode) port, "protocol", "TCP");
    }
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      if (container.path(probe).isObject()) {
        ObjectNode p = (ObjectNode) container.get(probe);
        putIfAbsent(p, "timeoutSeconds", 1);
        putIfAbsent(p, "periodSeconds", 10);
        putIfAbsent(p, "successThreshold", 1);
        putIfAbsent(p, "failureThreshold", 3);
        if (p.path("httpGet").isObject()) {
          putIfAbsent((ObjectNode) p.get("httpGet"), "path", "/");
          putIfAbsent((ObjectNode) p.get("httpGet"), "scheme", "HTTP");
        }
      }
    }
    for (JsonNode env : container.path("env")) {
      JsonNode fieldRef = env.path("valueFrom").path("fieldRef");
      if (fieldRef.isObject()) {
        putIfAbsent((ObjectNode) fieldRef, "apiVersion", "v1");
      }
    }
  }

  private void service(ObjectNode service) {
    ObjectNode spec = child(service, "spec");
    putIfAbsent(spec, "type", "ClusterIP");
    putIfAbsent(spec, "sessionAffinity", "None");
    for (JsonNode port : spec.path("ports")) {
      ObjectNode p = (ObjectNode) port;
      putIfAbsent(p, "protocol", "TCP");
      if (!p.has("targetPort")) {
        p.set("targetPort", p.path("port"));
      }
    }
    if ("ClusterIP".equals(spec.path("type").asText()) && !spec.has("clusterIP")) {
      String ip = "10.96.0." + nextClusterIp.getAndIncrement() % 250;
      spec.put("clusterIP", ip);
      spec.putArray("clusterIPs").add(ip);
    }
    if (!spec.has("ipFamilies")) {
      spec.putArray("ipFamilies").add("IPv4");
    }
    putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
    putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
  }

  private static ObjectNode child(ObjectNode parent, String field) {
    if (!parent.path(field).isObject()) {
      parent.putObject(field);
    }
    return (ObjectNode) parent.get(field);
  }

  private static void putIfAbsent(ObjectNode node, String field, Object value) {
    if (node.hasNonNull(field)) {
      return;
    }
    if (value instanceof Integer i) {
      node.put(field, i);
    } else if (value instanceof Boolean b) {
      node.put(field, b);
    } else {
      node.put(field, (String) value);
    }
  }
}
