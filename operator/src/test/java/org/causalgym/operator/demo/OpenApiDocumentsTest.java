package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape of the OpenAPI v3 documents, as kubectl v1.32 reads them. */
class OpenApiDocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSchemalessCrdKeepsUnknownFieldsAndIsFoundByItsGroupVersionKind() throws Exception {
    ObjectNode document =
        new OpenApiDocuments()
            .documents(crds(ServiceMonitor.class))
            .get("apis/monitoring.coreos.com/v1");

    JsonNode schema = document.at("/components/schemas/com.coreos.monitoring.v1.ServiceMonitor");
    assertThat(schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
    assertThat(schema.at("/x-kubernetes-group-version-kind/0").toString())
        .isEqualTo(
            "{\"group\":\"monitoring.coreos.com\",\"version\":\"v1\",\"kind\":\"ServiceMonitor\"}");
    assertThat(schema.at("/properties/metadata/allOf/0/$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    JsonNode patch =
        document.at(
            "/paths/~1apis~1monitoring.coreos.com~1v1~1namespaces~1{namespace}~1servicemonitors~1{name}/patch");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText())
        .isEqualTo("ServiceMonitor");
    assertThat(names(patch.path("parameters"))).contains("fieldValidation", "name", "namespace");
    assertThat(
            document
                .at(
                    "/components/schemas/com.coreos.monitoring.v1.ServiceMonitorList/properties/items/items/$ref")
                .asText())
        .isEqualTo("#/components/schemas/com.coreos.monitoring.v1.ServiceMonitor");
  }

  @Test
  void aBuiltInGroupVersionListsItsOperationsWithFieldValidationButNoSchema() {
    OpenApiDocuments openApi = new OpenApiDocuments();
    openApi.discovered(
        "apps",
        "v1",
        List.of(
            Map.of("name", "deployments", "kind", "Deployment", "namespaced", true),
            Map.of("name", "deployments/status", "kind", "Deployment", "namespaced", true)));

    ObjectNode document = openApi.documents(new StoredCrds(List.of())).get("apis/apps/v1");

    JsonNode patch =
        document.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Deployment");
    assertThat(names(patch.path("parameters"))).contains("fieldValidation");
    assertThat(document.at("/components/schemas").isEmpty()).isTrue();
  }

  @Test
  void theRootListsEveryGroupVersionAndItsHashFollowsTheCrdsStored() throws Exception {
    OpenApiDocuments openApi = new OpenApiDocuments();
    openApi.discovered(
        "", "v1", List.of(Map.of("name", "configmaps", "kind", "ConfigMap", "namespaced", true)));

    JsonNode before = OpenApiDocuments.root(openApi.documents(crds(ServiceMonitor.class)));
    JsonNode after =
        OpenApiDocuments.root(openApi.documents(crds(ServiceMonitor.class, PrometheusRule.class)));

    assertThat(before.path("paths").properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("apis/monitoring.coreos.com/v1", "api/v1");
    String url = before.at("/paths/api~1v1/serverRelativeURL").asText();
    assertThat(url).matches("/openapi/v3/api/v1\\?hash=[0-9A-F]{128}");
    assertThat(after.at("/paths/api~1v1/serverRelativeURL").asText()).isEqualTo(url);
    assertThat(after.at("/paths/apis~1monitoring.coreos.com~1v1/serverRelativeURL").asText())
        .isNotEqualTo(
            before.at("/paths/apis~1monitoring.coreos.com~1v1/serverRelativeURL").asText());
  }

  @SafeVarargs
  private static StoredCrds crds(
      Class<? extends io.fabric8.kubernetes.api.model.HasMetadata>... types) throws Exception {
    List<JsonNode> crds = new ArrayList<>();
    for (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type : types) {
      crds.add(JSON.readTree(Serialization.asJson(SchemalessCrds.of(type))));
    }
    return new StoredCrds(crds);
  }

  private static List<String> names(JsonNode parameters) {
    List<String> names = new ArrayList<>();
    parameters.forEach(p -> names.add(p.path("name").asText()));
    return names;
  }
}
