package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The name limits the CRD states and the names the owned objects get cannot drift apart: in every
 * mode, a resource of the longest name admission lets through becomes objects whose names and
 * labels the API server (and the StatefulSet controller) accept, and one character more would not.
 */
class OwnedObjectNamesTest {

  /** kubernetes v1.32.0 staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go. */
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /**
   * The longest hash the StatefulSet controller appends for controller-revision-hash: a 32-bit FNV
   * sum in decimal (kubernetes v1.32.0 pkg/controller/history/controller_history.go
   * HashControllerRevision, ControllerRevisionName).
   */
  private static final String LONGEST_REVISION_HASH = "9".repeat(10);

  private static final String BASE =
      """
      apiVersion: monitoring.causal-gym.org/v1alpha1
      kind: CausalGymMonitoring
      metadata: {name: placeholder, namespace: names-lab}
      spec:
        app: {image: "registry.example.net/gym:9", port: 7100, metricsPort: 7101}
        dashboards: {mode: %s}
        stack: %s
        logging:
          enabled: true
          elasticsearch: {hosts: ["https://search.example.net:9243"], apiKey: {name: es, key: k}}
      """;

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("external, kube-prometheus-stack", "auto", "{}", ServedKinds.everything()),
        Arguments.of("external, plain form", "configMap", "{}", ServedKinds.nothing()),
        Arguments.of(
            "managed, emptyDir", "auto", "{mode: managed}", ServedKinds.prometheusOperatorOnly()),
        Arguments.of(
            "managed, persistent",
            "auto",
            "{mode: managed, prometheus: {storage: {size: 3Gi}}}",
            ServedKinds.nothing()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void theLongestAdmittedNameMakesValidObjectsAndOneMoreWouldNot(
      String mode, String dashboards, String stack, ServedKinds served) {
    String yaml = BASE.formatted(dashboards, stack);
    int longest = 0;
    CausalGymMonitoring admitted = null;
    for (int length = 1; length <= 253; length++) {
      SpecValidator.Validated validated = SpecValidator.check(named(yaml, length));
      if (validated.violations().isEmpty()) {
        longest = length;
        admitted = validated.admitted();
      }
    }
    assertThat(admitted).as("some name is admitted").isNotNull();

    assertThat(problems(admitted, served)).as("objects of a %d-character name", longest).isEmpty();

    CausalGymMonitoring longer = admitted;
    longer.getMetadata().setName(name(longest + 1));
    assertThat(problems(longer, served))
        .as("the limit %d is the tightest: one character more breaks an object", longest)
        .isNotEmpty();
  }

  private static CausalGymMonitoring named(String yaml, int length) {
    CausalGymMonitoring cr = Repository.resource(yaml);
    cr.getMetadata().setName(name(length));
    return cr;
  }

  private static String name(int length) {
    return "n" + "7".repeat(length - 1);
  }

  /** What the API server or a controller would refuse in the objects the resource becomes. */
  private static List<String> problems(CausalGymMonitoring cr, ServedKinds served) {
    List<String> problems = new ArrayList<>();
    for (HasMetadata object : OwnedObject.desiredObjects(GymPlan.of(cr, served))) {
      String name = object.getMetadata().getName();
      String what = object.getKind() + " " + name;
      // Services are DNS-1035 labels (kubernetes v1.32.0 pkg/apis/core/validation/validation.go
      // ValidateServiceName); every other kind here a DNS-1123 subdomain (NameIsDNSSubdomain).
      if (object instanceof Service) {
        check(problems, what, name, DNS_1035_LABEL, 63);
      } else {
        check(problems, what, name, DNS_1123_SUBDOMAIN, 253);
      }
      labels(problems, what, object.getMetadata());
      if (object instanceof Deployment deployment) {
        labels(problems, what + " pods", deployment.getSpec().getTemplate().getMetadata());
      }
      if (object instanceof StatefulSet statefulSet) {
        labels(problems, what + " pods", statefulSet.getSpec().getTemplate().getMetadata());
        // The controller labels each pod with its name and its revision (kubernetes v1.32.0
        // pkg/controller/statefulset/stateful_set_utils.go newStatefulSetPod, setPodRevision).
        int lastOrdinal = Math.max(0, statefulSet.getSpec().getReplicas() - 1);
        check(problems, what + " pod name", name + "-" + lastOrdinal, LABEL_VALUE, 63);
        check(
            problems,
            what + " controller-revision-hash",
            name + "-" + LONGEST_REVISION_HASH,
            LABEL_VALUE,
            63);
      }
    }
    return problems;
  }

  private static void labels(List<String> problems, String what, ObjectMeta metadata) {
    Map<String, String> labels = metadata == null ? null : metadata.getLabels();
    if (labels != null) {
      labels.forEach(
          (key, value) -> check(problems, what + " label " + key, value, LABEL_VALUE, 63));
    }
  }

  private static void check(
      List<String> problems, String what, String value, Pattern shape, int maxLength) {
    if (value.length() > maxLength || !shape.matcher(value).matches()) {
      problems.add(what + ": " + value.length() + " characters, at most " + maxLength);
    }
  }
}
