package org.causalgym.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/** Owned fields compared both ways; tolerated and yielded paths neither compared nor lost. */
class OwnedFieldsTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  private static final OwnedFields FIELDS =
      OwnedFields.everythingWritten()
          .tolerating("spec.defaulted", "spec.items.*.defaulted")
          .withQuantitiesAt("spec.amounts.*");

  private static final String DESIRED =
      """
      metadata: {name: a, labels: {app: gym}, annotations: {ours: "1"}}
      spec:
        replicas: 2
        items: [{name: x, value: 1}, {name: y}]
        amounts: {cpu: "0.5"}
      """;

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode edited(String pointer, String field, String value) {
    ObjectNode node = (ObjectNode) yaml(DESIRED);
    ((ObjectNode) node.at(pointer)).set(field, yaml(value));
    return node;
  }

  @Test
  void theSameObjectWithServerFieldsMatches() {
    ObjectNode actual = (ObjectNode) yaml(DESIRED);
    ((ObjectNode) actual.get("metadata")).put("resourceVersion", "17").put("uid", "u");
    actual.set("status", yaml("{ready: true}"));
    assertThat(FIELDS.firstDifference(yaml(DESIRED), actual)).isEmpty();
  }

  @Test
  void anEntryTheSpecNoLongerWantsIsADifference() {
    JsonNode actual = edited("/spec", "items", "[{name: x, value: 1}, {name: y}, {name: z}]");
    assertThat(FIELDS.firstDifference(yaml(DESIRED), actual))
        .contains("spec.items: 3 entries where 2 are wanted");
  }

  @Test
  void aFieldAddedByHandIsADifferenceUnlessTolerated() {
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec/items/1", "value", "5")))
        .contains("spec.items.1.value: not wanted");
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec/items/1", "defaulted", "5")))
        .isEmpty();
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec", "defaulted", "{a: 1}")))
        .isEmpty();
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec", "nodeSelector", "{a: b}")))
        .contains("spec.nodeSelector.a: not wanted");
  }

  @Test
  void labelsAreOwnedWhollyAnnotationsOnlyByKey() {
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/metadata/labels", "team", "x")))
        .contains("metadata.labels.team: not wanted");
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/metadata/annotations", "other", "x")))
        .isEmpty();
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/metadata/annotations", "ours", "2")))
        .contains("metadata.annotations.ours: changed");
  }

  @Test
  void quantitiesCompareByAmountNumbersByValue() {
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec/amounts", "cpu", "500m")))
        .isEmpty();
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec/amounts", "cpu", "600m")))
        .contains("spec.amounts.cpu: changed");
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec", "replicas", "2.0"))).isEmpty();
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/spec", "replicas", "\"2\"")))
        .contains("spec.replicas: changed");
  }

  @Test
  void aMissingOrChangedFieldIsADifference() {
    ObjectNode actual = (ObjectNode) yaml(DESIRED);
    ((ObjectNode) actual.get("spec")).remove("amounts");
    assertThat(FIELDS.firstDifference(yaml(DESIRED), actual)).contains("spec.amounts: missing");
  }

  @Test
  void mergedWritesDesiredAndKeepsToleratedAndServerMetadata() {
    ObjectNode actual = (ObjectNode) edited("/spec", "defaulted", "7");
    ((ObjectNode) actual.at("/spec/items/0")).put("defaulted", "d").put("extra", "hand");
    ((ObjectNode) actual.get("metadata")).put("resourceVersion", "17");
    ((ObjectNode) actual.at("/metadata/labels")).put("team", "x");
    ((ObjectNode) actual.at("/metadata/annotations")).put("other", "tool");
    ((ObjectNode) actual.get("spec")).put("replicas", 5);

    JsonNode merged = FIELDS.merged(yaml(DESIRED), actual);

    assertThat(merged.at("/metadata/resourceVersion").asText()).isEqualTo("17");
    assertThat(merged.at("/metadata/labels")).isEqualTo(yaml("{app: gym}"));
    assertThat(merged.at("/metadata/annotations")).isEqualTo(yaml("{ours: '1', other: tool}"));
    assertThat(merged.at("/spec/defaulted").asInt()).isEqualTo(7);
    assertThat(merged.at("/spec/items/0")).isEqualTo(yaml("{name: x, value: 1, defaulted: d}"));
    assertThat(merged.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(FIELDS.firstDifference(yaml(DESIRED), merged)).isEmpty();
  }

  @Test
  void aYieldedFieldIsNeitherComparedNorOverwritten() {
    OwnedFields autoscaled = FIELDS.yieldingTo("spec.replicas");
    JsonNode actual = edited("/spec", "replicas", "9");
    assertThat(autoscaled.firstDifference(yaml(DESIRED), actual)).isEmpty();
    assertThat(autoscaled.merged(yaml(DESIRED), actual).at("/spec/replicas").asInt()).isEqualTo(9);
  }
}
