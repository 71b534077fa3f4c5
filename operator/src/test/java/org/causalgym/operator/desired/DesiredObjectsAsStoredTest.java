package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.ApiServerEncoding;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in object the builders write, as the API server stores it (the tests' own table of
 * the Kubernetes types, {@link ApiServerEncoding}), matches what the builders write under the
 * object's owned fields: no value the API server leaves out or converts reads as a drift. With a
 * spec full of zero values where the CRD allows them, so that the check is not vacuous.
 */
class DesiredObjectsAsStoredTest {

  /** Empty env values, zero probe delays and replicas, and empty selector fields, in both modes. */
  private static final String ZEROS =
      """
      apiVersion: monitoring.causal-gym.org/v1alpha1
      kind: CausalGymMonitoring
      metadata: {name: hush-4, namespace: still-lab}
      spec:
        app:
          image: registry.example.org/still/gym:11
          replicas: 0
          port: 6400
          metricsPort: 6401
          liveness: {path: /alive-now, initialDelaySeconds: 0, periodSeconds: 4}
          readiness: {path: /ready-now, initialDelaySeconds: 0, periodSeconds: 2}
          env:
            - {name: BLANK_A, value: ""}
            - {name: BLANK_B, value: ""}
            - name: OWN_CPU
              valueFrom: {resourceFieldRef: {containerName: "", resource: limits.cpu}}
            - name: OPTIONAL_SETTING
              valueFrom: {configMapKeyRef: {name: still-settings, key: mode, optional: false}}
        stack: {mode: %s, prometheus: {storage: {size: 2Gi}}}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("zeros, external", zeros("external"), ServedKinds.everything()),
        Arguments.of("zeros, managed", zeros("managed"), ServedKinds.nothing()),
        Arguments.of(
            "custom",
            Repository.resource(Repository.testResource("custom.yaml")),
            ServedKinds.prometheusOperatorOnly()),
        Arguments.of(
            "managed, ephemeral",
            Repository.resource(Repository.testResource("managed-ephemeral.yaml")),
            ServedKinds.prometheusOperatorOnly()),
        Arguments.of(
            "logging",
            Repository.resource(Repository.testResource("logging-apikey.yaml")),
            ServedKinds.prometheusOperatorOnly()));
  }

  private static CausalGymMonitoring zeros(String mode) {
    return Repository.resource(ZEROS.formatted(mode));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void whatTheApiServerStoresIsNoDrift(String name, CausalGymMonitoring cr, ServedKinds served) {
    GymPlan plan = GymPlan.of(SpecValidator.check(cr).admitted(), served);
    List<String> differences = new ArrayList<>();
    int changedByTheServer = 0;
    for (OwnedObject owned : OwnedObject.values()) {
      if (!owned.decision(plan).wanted() || !ApiServerEncoding.isBuiltIn(owned.kind())) {
        continue;
      }
      JsonNode desired = json(owned.desired(plan));
      ObjectNode stored = (ObjectNode) desired.deepCopy();
      ApiServerEncoding.store(stored);
      if (!stored.equals(desired)) {
        changedByTheServer++;
      }
      owned
          .fields(plan)
          .firstDifference(desired, stored)
          .ifPresent(d -> differences.add(owned + ": " + d));
    }
    assertThat(differences).isEmpty();
    if (name.startsWith("zeros")) {
      assertThat(changedByTheServer).as("objects the API server stores otherwise").isPositive();
    }
  }

  private static JsonNode json(Object object) {
    return Serialization.unmarshal(Serialization.asJson(object), JsonNode.class);
  }
}
