package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The CRDs in the mock API's store, read as JSON: what it serves beyond the built-in kinds. */
record StoredCrds(List<JsonNode> items) {

  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The CRDs store answers with; none where it holds none (a test's bare API). */
  static StoredCrds in(Function<String, MockResponse> store) {
    MockResponse list = store.apply(CRDS);
    if (list.code() != 200) {
      return new StoredCrds(List.of());
    }
    try {
      List<JsonNode> crds = new ArrayList<>();
      JSON.readTree(list.getBody().readUtf8()).path("items").forEach(crds::add);
      return new StoredCrds(crds);
    } catch (IOException unreadable) {
      return new StoredCrds(List.of());
    }
  }

  /** The CRD serving group/plural, if one is stored. */
  Optional<JsonNode> serving(String group, String plural) {
    return items.stream()
        .filter(crd -> crd.path("spec").path("group").asText().equals(group))
        .filter(crd -> crd.path("spec").path("names").path("plural").asText().equals(plural))
        .findFirst();
  }

  /** The entry of a CRD's version in spec.versions, missing where it has no such version. */
  static JsonNode version(JsonNode crd, String version) {
    for (JsonNode served : crd.path("spec").path("versions")) {
      if (served.path("name").asText().equals(version)) {
        return served;
      }
    }
    return MissingNode.getInstance();
  }

  /** The openAPIV3Schema of a CRD's version, or null where it has none. */
  static JsonNode schema(JsonNode crd, String version) {
    JsonNode schema = version(crd, version).path("schema").path("openAPIV3Schema");
    return schema.isObject() ? schema : null;
  }
}
