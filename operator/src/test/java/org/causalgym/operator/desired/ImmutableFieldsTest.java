package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * The immutable fields of each owned kind: what an API server fills in is no change there, a change
 * the builder makes is one, and so is an immutable flag set by hand.
 */
class ImmutableFieldsTest {

  private static CausalGymMonitoring managedWithStorage(String size) {
    CausalGymMonitoring cr =
        Repository.resource(Repository.samples().resolve("managed-stack.yaml"));
    cr.getMetadata().setName("imm-12");
    cr.getMetadata().setNamespace("lab-north");
    cr.getSpec().stack.prometheus.storage.size = size;
    return SpecValidator.check(cr).admitted();
  }

  private static JsonNode json(HasMetadata object) {
    return Serialization.jsonMapper().valueToTree(object);
  }

  /**
   * Some of what kube-apiserver fills in at immutable paths: SetDefaults_StatefulSet
   * (podManagementPolicy, revisionHistoryLimit), the claim templates' apiVersion, kind and status,
   * and the Service's allocated clusterIP.
   */
  private static void serverFills(ObjectNode stored) {
    if (!(stored.path("spec") instanceof ObjectNode spec)) {
      return;
    }
    switch (stored.path("kind").asText()) {
      case "StatefulSet" -> {
        spec.put("podManagementPolicy", "OrderedReady");
        spec.put("revisionHistoryLimit", 10);
        for (JsonNode claim : spec.path("volumeClaimTemplates")) {
          ((ObjectNode) claim).put("apiVersion", "v1");
          ((ObjectNode) claim).put("kind", "PersistentVolumeClaim");
          ((ObjectNode) claim).putObject("status").put("phase", "Pending");
        }
      }
      case "Service" -> spec.put("clusterIP", "10.96.3.4");
      default -> {}
    }
  }

  @Test
  void whatTheApiServerFillsInIsNoImmutableChange() {
    GymPlan plan = GymPlan.of(managedWithStorage("4Gi"), ServedKinds.nothing());
    List<OwnedObject> wanted =
        java.util.Arrays.stream(OwnedObject.values())
            .filter(o -> o.decision(plan).wanted())
            .toList();
    assertThat(wanted).contains(OwnedObject.STACK_PROMETHEUS_STATEFUL_SET);
    for (OwnedObject owned : wanted) {
      JsonNode desired = json(owned.desired(plan));
      ObjectNode stored = desired.deepCopy();
      serverFills(stored);
      assertThat(owned.fields(plan).immutableDifference(desired, stored))
          .as(owned.name())
          .isEmpty();
    }
  }

  @Test
  void aNewClaimSizeAndAHandSetImmutableFlagAreImmutableChanges() {
    OwnedObject set = OwnedObject.STACK_PROMETHEUS_STATEFUL_SET;
    ObjectNode stored = (ObjectNode) json(set.desired(plan(managedWithStorage("4Gi"))));
    serverFills(stored);
    GymPlan bigger = plan(managedWithStorage("6Gi"));
    assertThat(set.fields(bigger).immutableDifference(json(set.desired(bigger)), stored))
        .get()
        .asString()
        .startsWith("spec.volumeClaimTemplates.0.spec.resources.requests.storage");

    GymPlan cr = plan(managedWithStorage(""));
    OwnedObject provisioning = OwnedObject.STACK_GRAFANA_PROVISIONING;
    JsonNode desired = json(provisioning.desired(cr));
    ObjectNode frozen = desired.deepCopy();
    frozen.put("immutable", true);
    assertThat(provisioning.fields(cr).immutableDifference(desired, frozen))
        .get()
        .asString()
        .startsWith("immutable");
    assertThat(provisioning.fields(cr).immutableDifference(desired, desired)).isEmpty();
  }

  private static GymPlan plan(CausalGymMonitoring cr) {
    return GymPlan.of(cr, ServedKinds.nothing());
  }
}
