package org.causalgym.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * Every pod spec the operator or the chart produces passes the restricted Pod Security Standard
 * (Kubernetes v1.32), its baseline rules included, as encoded here: the gym, the managed stack's
 * Prometheus (Deployment and StatefulSet), Alertmanager and Grafana, and the operator itself.
 */
class PodSecurityStandardTest {

  /** The volume types the restricted profile allows. */
  private static final Set<String> VOLUME_TYPES =
      Set.of(
          "name",
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /** The checked pod specs, by where they come from. */
  private static List<Map.Entry<String, JsonNode>> podSpecs() throws IOException {
    List<Map.Entry<String, JsonNode>> pods = new ArrayList<>();
    for (String file :
        List.of(
            "minimal.yaml",
            "full.yaml",
            "custom.yaml",
            "managed-ephemeral.yaml",
            "logging-apikey.yaml")) {
      CausalGymMonitoring base = Repository.resource(Repository.testResource(file));
      for (boolean persistent : new boolean[] {false, true}) {
        CausalGymMonitoring cr = Serialization.clone(base);
        cr.getSpec().stack.mode = StackMode.managed;
        cr.getSpec().stack.prometheus.storage.size = persistent ? "5Gi" : "";
        CausalGymMonitoring admitted = SpecValidator.check(cr).admitted();
        for (HasMetadata object :
            OwnedObject.desiredObjects(GymPlan.of(admitted, ServedKinds.nothing()))) {
          JsonNode json = Serialization.jsonMapper().valueToTree(object);
          JsonNode pod = json.at("/spec/template/spec");
          if (pod.isObject()) {
            pods.add(
                Map.entry(
                    file + " " + object.getKind() + "/" + object.getMetadata().getName(), pod));
          }
        }
      }
    }
    for (JsonNode deployment : HelmChart.ofKind(HelmChart.render(Map.of()), "Deployment")) {
      pods.add(
          Map.entry(
              "chart " + deployment.at("/metadata/name").asText(),
              deployment.at("/spec/template/spec")));
    }
    return pods;
  }

  @Test
  void everyPodSpecPassesTheRestrictedProfile() throws IOException {
    List<Map.Entry<String, JsonNode>> pods = podSpecs();
    Set<String> kinds = new java.util.TreeSet<>();
    pods.forEach(
        p ->
            kinds.add(
                p.getKey().replaceAll("^\\S+ (\\w+)/.*$", "$1").replaceAll("^chart .*", "chart")));
    assertThat(kinds).as("pod specs checked").contains("Deployment", "StatefulSet", "chart");
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> pod : pods) {
      violations.addAll(restrictedViolations(pod.getKey(), pod.getValue()));
    }
    System.out.printf(
        "Pod Security Standard (restricted): %d pod specs checked, %d violations%n",
        pods.size(), violations.size());
    assertThat(violations).isEmpty();
  }

  @Test
  void theRulesCatchWhatTheyForbid() {
    JsonNode bad =
        Serialization.jsonMapper()
            .valueToTree(
                Map.of(
                    "hostNetwork",
                    true,
                    "volumes",
                    List.of(Map.of("name", "h", "hostPath", Map.of("path", "/"))),
                    "containers",
                    List.of(
                        Map.of(
                            "name",
                            "c",
                            "securityContext",
                            Map.of(
                                "privileged",
                                true,
                                "runAsUser",
                                0,
                                "capabilities",
                                Map.of("add", List.of("SYS_ADMIN")))))));
    assertThat(restrictedViolations("bad", bad))
        .anyMatch(v -> v.contains("hostNetwork"))
        .anyMatch(v -> v.contains("hostPath"))
        .anyMatch(v -> v.contains("privileged"))
        .anyMatch(v -> v.contains("runAsUser"))
        .anyMatch(v -> v.contains("runAsNonRoot"))
        .anyMatch(v -> v.contains("seccompProfile"))
        .anyMatch(v -> v.contains("allowPrivilegeEscalation"))
        .anyMatch(v -> v.contains("drop ALL"))
        .anyMatch(v -> v.contains("SYS_ADMIN"));
  }

  /** The restricted profile's rules, each violation naming the pod and the field. */
  static List<String> restrictedViolations(String where, JsonNode pod) {
    List<String> violations = new ArrayList<>();
    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (pod.path(host).asBoolean(false)) {
        violations.add(where + ": " + host + " must not be true");
      }
    }
    for (JsonNode volume : pod.path("volumes")) {
      volume
          .fieldNames()
          .forEachRemaining(
              type -> {
                if (!VOLUME_TYPES.contains(type)) {
                  violations.add(where + ": volume type " + type + " is not allowed");
                }
              });
    }
    JsonNode podContext = pod.path("securityContext");
    boolean podNonRoot = podContext.path("runAsNonRoot").asBoolean(false);
    String podSeccomp = podContext.at("/seccompProfile/type").asText("");
    if (podContext.path("runAsUser").isNumber() && podContext.path("runAsUser").asLong() == 0) {
      violations.add(where + ": securityContext.runAsUser must not be 0");
    }
    if (podSeccomp.equals("Unconfined")) {
      violations.add(where + ": securityContext.seccompProfile must not be Unconfined");
    }
    List<JsonNode> containers = new ArrayList<>();
    pod.path("initContainers").forEach(containers::add);
    pod.path("containers").forEach(containers::add);
    pod.path("ephemeralContainers").forEach(containers::add);
    for (JsonNode container : containers) {
      String at = where + " container " + container.path("name").asText();
      JsonNode context = container.path("securityContext");
      if (context.path("privileged").asBoolean(false)) {
        violations.add(at + ": privileged must not be true");
      }
      for (JsonNode port : container.path("ports")) {
        if (port.path("hostPort").asInt(0) != 0) {
          violations.add(at + ": hostPort must not be set");
        }
      }
      if (!(context.path("allowPrivilegeEscalation").isBoolean()
          && !context.path("allowPrivilegeEscalation").asBoolean())) {
        violations.add(at + ": allowPrivilegeEscalation must be false");
      }
      JsonNode nonRoot = context.path("runAsNonRoot");
      if (nonRoot.isBoolean() ? !nonRoot.asBoolean() : !podNonRoot) {
        violations.add(at + ": runAsNonRoot must be true (pod or container)");
      }
      if (context.path("runAsUser").isNumber() && context.path("runAsUser").asLong() == 0) {
        violations.add(at + ": runAsUser must not be 0");
      }
      String seccomp = context.at("/seccompProfile/type").asText(podSeccomp);
      if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
        violations.add(
            at + ": seccompProfile must be RuntimeDefault or Localhost (pod or container)");
      }
      boolean dropsAll = false;
      for (JsonNode drop : context.at("/capabilities/drop")) {
        dropsAll |= drop.asText().equals("ALL");
      }
      if (!dropsAll) {
        violations.add(at + ": capabilities must drop ALL");
      }
      for (JsonNode add : context.at("/capabilities/add")) {
        if (!add.asText().equals("NET_BIND_SERVICE")) {
          violations.add(at + ": capability " + add.asText() + " may not be added");
        }
      }
    }
    return violations;
  }
}
