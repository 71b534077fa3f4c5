package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.causalgym.operator.admission.CrdAdmission;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.DashboardsMode;
import org.causalgym.operator.api.LabelSelectorRequirementSpec;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every object of another operator's kind that the operator writes passes that operator's published
 * CRD schema (schema and CEL rules), validated as the API server would on create: the
 * GrafanaDashboard against grafana-operator v5.24.0, the monitoring.coreos.com objects against
 * prometheus-operator v0.93.0.
 */
class UpstreamSchemaTest {

  private static final Map<String, CrdAdmission> ADMISSIONS = load();

  private static Map<String, CrdAdmission> load() {
    Map<String, CrdAdmission> admissions = new HashMap<>();
    Path dir = Repository.root().resolve("operator/src/test/resources/upstream-crds");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        JsonNode crd = new YAMLMapper().readTree(file.toFile());
        for (JsonNode version : crd.at("/spec/versions")) {
          admissions.put(
              crd.at("/spec/group").asText()
                  + "/"
                  + version.path("name").asText()
                  + "/"
                  + crd.at("/spec/names/kind").asText(),
              CrdAdmission.of(version.at("/schema/openAPIV3Schema")));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return admissions;
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yaml", "full.yaml", "custom.yaml"})
  void theObjectsOfOtherOperatorsKindsPassTheirSchemas(String file) {
    CausalGymMonitoring cr = Repository.resource(Repository.testResource(file));
    LabelSelectorRequirementSpec exists = new LabelSelectorRequirementSpec();
    exists.key = "grafana.example.org/tier";
    exists.operator = LabelSelectorRequirementSpec.Operator.Exists;
    cr.getSpec().dashboards.instanceSelector.matchExpressions.add(exists);
    cr.getSpec().dashboards.mode = DashboardsMode.grafanaOperator;
    List<HasMetadata> objects =
        OwnedObject.desiredObjects(GymPlan.of(cr, ServedKinds.everything()));
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .contains("GrafanaDashboard", "PrometheusRule");
    int checked = 0;
    for (HasMetadata object : objects) {
      CrdAdmission admission = ADMISSIONS.get(object.getApiVersion() + "/" + object.getKind());
      if (admission == null) {
        continue;
      }
      ObjectNode json = (ObjectNode) Serialization.jsonMapper().valueToTree(object);
      assertThat(admission.admit(json)).as(object.getKind() + " of " + file).isEmpty();
      checked++;
    }
    assertThat(checked).as("objects checked").isGreaterThanOrEqualTo(3);
  }

  /**
   * Each case breaks the field it names, and only that, and the refusal must name it: a case that
   * broke something else would fail here rather than pass on the other field's error.
   */
  @ParameterizedTest
  @ValueSource(strings = {"instanceSelector", "json"})
  void theSchemaRefusesAGrafanaDashboardMissingWhatGrafanaOperatorNeeds(String field)
      throws IOException {
    CausalGymMonitoring cr = Repository.resource(Repository.testResource("minimal.yaml"));
    ObjectNode json =
        (ObjectNode)
            Serialization.jsonMapper()
                .valueToTree(GrafanaDashboardModel.desired(GymPlan.of(cr, ServedKinds.nothing())));
    ObjectNode spec = (ObjectNode) json.get("spec");
    if (field.equals("json")) {
      // The schema allows no json at all (a dashboard may come from url or configMapRef instead),
      // so the way a builder breaks it is the dashboard as an object where grafana-operator reads
      // a string (spec.json: type string in grafana.integreatly.org_grafanadashboards.yaml at
      // v5.24.0).
      spec.set(field, Serialization.jsonMapper().readTree(spec.path(field).asText()));
      assertThat(spec.path(field).isObject()).as("the dashboard as an object").isTrue();
    } else {
      spec.remove(field);
    }
    assertThat(ADMISSIONS.get("grafana.integreatly.org/v1beta1/GrafanaDashboard").admit(json))
        .extracting(SpecViolation::field)
        .contains("spec." + field);
  }
}
