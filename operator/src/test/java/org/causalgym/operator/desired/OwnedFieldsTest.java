package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Owned fields compared both ways; tolerated and yielded paths neither compared nor lost; label and
 * annotation keys and owner references shared with other writers.
 */
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
  void labelsAndAnnotationsAreOwnedByKey() {
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/metadata/labels", "team", "x")))
        .isEmpty();
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/metadata/annotations", "other", "x")))
        .isEmpty();
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/metadata/labels", "app", "web")))
        .contains("metadata.labels.app: changed");
    assertThat(FIELDS.firstDifference(yaml(DESIRED), edited("/metadata/annotations", "ours", "2")))
        .contains("metadata.annotations.ours: changed");
  }

  @Test
  void aKeyTheRecordSaysWasOursAndIsNoLongerWantedIsADifferenceAndRemoved() {
    ObjectNode actual = (ObjectNode) edited("/metadata/labels", "shard", "east");
    ((ObjectNode) actual.at("/metadata/labels")).put("team", "x");
    ((ObjectNode) actual.at("/metadata/annotations"))
        .put(
            OwnedFields.OWNED_KEYS_ANNOTATION,
            "{\"labels\":[\"app\",\"shard\"],\"annotations\":[\"ours\"]}");

    assertThat(FIELDS.firstDifference(yaml(DESIRED), actual))
        .contains("metadata.labels.shard: set before, no longer wanted");
    JsonNode merged = FIELDS.merged(yaml(DESIRED), actual);
    assertThat(merged.at("/metadata/labels")).isEqualTo(yaml("{app: gym, team: x}"));
    assertThat(FIELDS.firstDifference(yaml(DESIRED), merged)).isEmpty();
  }

  @Test
  void theRecordNamesTheKeysDesiredSets() {
    ConfigMap desired =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withLabels(Map.of("b", "1", "a", "2"))
            .withAnnotations(Map.of("z", "3"))
            .endMetadata()
            .build();
    OwnedFields.recordOwnedKeys(desired);
    OwnedFields.recordOwnedKeys(desired);
    assertThat(desired.getMetadata().getAnnotations())
        .containsEntry("z", "3")
        .containsEntry(
            OwnedFields.OWNED_KEYS_ANNOTATION,
            "{\"labels\":[\"a\",\"b\"],\"annotations\":[\"z\"]}");
  }

  @Test
  void onlyOurOwnerReferenceIsOwned() {
    String ours = "{apiVersion: v1, kind: K, name: n, uid: ours, controller: true}";
    String theirs = "{apiVersion: v1, kind: Other, name: o, uid: theirs}";
    ObjectNode desired = (ObjectNode) yaml(DESIRED);
    ((ObjectNode) desired.get("metadata")).set("ownerReferences", yaml("[" + ours + "]"));
    ObjectNode actual = desired.deepCopy();
    ((ObjectNode) actual.get("metadata"))
        .set("ownerReferences", yaml("[" + theirs + ", " + ours + "]"));
    assertThat(FIELDS.firstDifference(desired, actual)).isEmpty();

    ((ObjectNode) actual.get("metadata")).set("ownerReferences", yaml("[" + theirs + "]"));
    assertThat(FIELDS.firstDifference(desired, actual))
        .contains("metadata.ownerReferences.ours: missing");
    assertThat(FIELDS.merged(desired, actual).at("/metadata/ownerReferences"))
        .isEqualTo(yaml("[" + theirs + ", " + ours + "]"));
  }

  @Test
  void aZeroTheApiServerLeavesOutMatchesItsAbsenceWhereDeclared() {
    OwnedFields omitting = FIELDS.omittingZeroAt("spec.items.*.value", "spec.replicas");
    String zeros =
        """
        metadata: {name: a}
        spec: {replicas: 0, items: [{name: x, value: ""}, {name: y, value: 0}]}
        """;
    JsonNode absent = yaml("{metadata: {name: a}, spec: {items: [{name: x}, {name: y}]}}");
    assertThat(omitting.firstDifference(yaml(zeros), absent)).isEmpty();
    assertThat(FIELDS.firstDifference(yaml(zeros), absent)).contains("spec.replicas: missing");
    JsonNode nonZero = yaml("{metadata: {name: a}, spec: {replicas: 1, items: [{name: x}]}}");
    assertThat(omitting.firstDifference(nonZero, absent)).contains("spec.replicas: missing");
  }

  @Test
  void aDerivedValueIsNeitherComparedNorWrittenBack() {
    OwnedFields deriving = FIELDS.derivedAt("spec.alias");
    JsonNode actual = edited("/spec", "alias", "\"by-hand\"");
    assertThat(deriving.firstDifference(yaml(DESIRED), actual)).isEmpty();
    assertThat(deriving.merged(yaml(DESIRED), actual).at("/spec").has("alias")).isFalse();
    assertThat(
            FIELDS
                .tolerating("spec.alias")
                .merged(yaml(DESIRED), actual)
                .at("/spec/alias")
                .asText())
        .isEqualTo("by-hand");
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
    assertThat(merged.at("/metadata/labels")).isEqualTo(yaml("{app: gym, team: x}"));
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
