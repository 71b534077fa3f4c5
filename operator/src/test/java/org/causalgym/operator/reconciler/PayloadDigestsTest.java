package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GrafanaDashboard;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.runtime.CompactSerialization;
import org.causalgym.operator.testing.ReadersBuilt;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

class PayloadDigestsTest {

  private static final KubernetesSerialization JSON = CompactSerialization.create();
  private static final String LARGE = "{\"panels\":[" + "1,".repeat(600) + "1]}";
  private static final String SMALL = "a generated password, kept whole";

  @Test
  void theInformerHoldsLargeValuesAsTheirDigestAndSmallOnesWhole() {
    ConfigMap held = stored(ConfigMap.class, configMap(LARGE));
    assertThat(held.getData().get("small")).isEqualTo(SMALL);
    assertThat(held.getData().get("gym.json"))
        .startsWith(PayloadDigests.MARKER)
        .hasSize(PayloadDigests.MARKER.length() + 64);
    assertThat(held.getBinaryData().get("blob")).startsWith(PayloadDigests.MARKER);
    assertThat(PayloadDigests.itemStore(ConfigMap.class, JSON).orElseThrow().isFullState())
        .as("Fabric8's full-state informer semantics")
        .isTrue();
  }

  @Test
  void aSecretsDataAndAGrafanaDashboardsJsonAreHeldAsDigestsAndOtherKindsWhole() {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("alertmanager")
            .withNamespace("ns")
            .endMetadata()
            .withData(Map.of("alertmanager.yaml", LARGE, "password", SMALL))
            .build();
    Secret held = stored(Secret.class, secret);
    assertThat(held.getData().get("alertmanager.yaml")).startsWith(PayloadDigests.MARKER);
    assertThat(held.getData().get("password")).isEqualTo(SMALL);

    GrafanaDashboard dashboard = new GrafanaDashboard();
    dashboard.getMetadata().setName("gym");
    dashboard.getMetadata().setNamespace("ns");
    dashboard.setSpec(new GrafanaDashboard.Spec());
    dashboard.getSpec().folder = "Causal Gym";
    dashboard.getSpec().json = LARGE;
    GrafanaDashboard heldDashboard = stored(GrafanaDashboard.class, dashboard);
    assertThat(heldDashboard.getSpec().json).startsWith(PayloadDigests.MARKER);
    assertThat(heldDashboard.getSpec().folder).isEqualTo("Causal Gym");

    assertThat(PayloadDigests.itemStore(Pod.class, JSON)).isEmpty();
  }

  @Test
  void aPrometheusRuleIsHeldAsTheDigestOfItsSpecAndEveryChangeOfItShows() {
    PrometheusRule rule = rule(0.05);
    JsonNode desired =
        PayloadDigests.comparable(PrometheusRule.class, JSON.convertValue(rule, JsonNode.class));
    PrometheusRule held = stored(PrometheusRule.class, rule(0.05));

    assertThat(held.getSpec()).isNull();
    assertThat(held.getAdditionalProperties().get(PayloadDigests.SPEC_DIGEST))
        .asString()
        .startsWith(PayloadDigests.MARKER);
    assertThat(held.getMetadata().getLabels()).isEqualTo(rule.getMetadata().getLabels());
    assertThat(JSON.convertValue(held, JsonNode.class)).isEqualTo(desired);
    assertThat(PayloadDigests.comparable(PrometheusRule.class, desired.deepCopy()))
        .as("idempotent")
        .isEqualTo(desired);
    assertThat(JSON.convertValue(stored(PrometheusRule.class, rule(0.06)), JsonNode.class))
        .isNotEqualTo(desired);
  }

  @Test
  void theComparableFormOfAConfigMapTellsEveryChangeOfALargeValue() {
    JsonNode desired =
        PayloadDigests.comparable(
            ConfigMap.class, JSON.convertValue(configMap(LARGE), JsonNode.class));
    assertThat(JSON.convertValue(stored(ConfigMap.class, configMap(LARGE)), JsonNode.class))
        .isEqualTo(desired);
    assertThat(
            JSON.convertValue(
                stored(ConfigMap.class, configMap(LARGE.replaceFirst("1]", "2]"))), JsonNode.class))
        .isNotEqualTo(desired);
  }

  @Test
  void aDigestAboutToBeWrittenIsFound() {
    JsonNode whole = JSON.convertValue(configMap(LARGE), JsonNode.class);
    assertThat(PayloadDigests.digestAt(ConfigMap.class, whole)).isEmpty();
    assertThat(
            PayloadDigests.digestAt(
                ConfigMap.class, PayloadDigests.comparable(ConfigMap.class, whole)))
        .contains("data.gym.json");
    JsonNode rule = JSON.convertValue(rule(0.05), JsonNode.class);
    assertThat(PayloadDigests.digestAt(PrometheusRule.class, rule)).isEmpty();
    assertThat(
            PayloadDigests.digestAt(
                PrometheusRule.class, PayloadDigests.comparable(PrometheusRule.class, rule)))
        .contains(PayloadDigests.SPEC_DIGEST);
  }

  /**
   * A spec is only compared by a digest where the operator owns all of it: no registry entry of
   * those kinds tolerates, yields, generates or keeps immutable a path under it, for any sample.
   */
  @Test
  void everyObjectWhoseSpecIsDigestedOwnsItsSpecWhole() throws Exception {
    List<GymPlan> plans = new ArrayList<>();
    try (Stream<Path> samples = Files.list(Repository.samples())) {
      for (Path sample : samples.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        CausalGymMonitoring cr = Repository.resource(sample);
        cr.getMetadata().setNamespace("ns");
        plans.add(
            GymPlan.of(SpecValidator.check(cr).admitted(), ServedKinds.prometheusOperatorOnly()));
      }
    }
    assertThat(plans).hasSizeGreaterThan(3);
    List<OwnedObject> digested =
        Stream.of(OwnedObject.values())
            .filter(owned -> PayloadDigests.WHOLE_SPEC.contains(owned.type()))
            .toList();
    assertThat(digested).isNotEmpty();
    for (OwnedObject owned : digested) {
      for (GymPlan plan : plans) {
        assertThat(owned.fields(plan).ownsWhole("spec"))
            .as(owned + " owns its spec whole")
            .isTrue();
      }
    }
  }

  /**
   * The operator's client reads each digested kind's spec as its digest, the same as the informer's
   * store makes of the model, and builds no reader for any class of the spec: an API server's JSON
   * (keys sorted, a float without its fraction) digests as the model's does.
   */
  @Test
  void theShippedClientReadsADigestedSpecAsItsDigestWithoutAReaderForItsClasses()
      throws NoSuchMethodException {
    ReadersBuilt readersBuilt = new ReadersBuilt();
    KubernetesSerialization shipped =
        CompactSerialization.create(PayloadDigests.specsReadAsDigests(), readersBuilt.module());
    for (HasMetadata desired : desiredObjects("full.yaml")) {
      Class<? extends HasMetadata> type = desired.getClass();
      if (!PayloadDigests.WHOLE_SPEC.contains(type)) {
        continue;
      }
      JsonNode modelJson = JSON.convertValue(desired, JsonNode.class);
      JsonNode expected = PayloadDigests.comparable(type, modelJson.deepCopy());
      HasMetadata read = shipped.unmarshal(asAnApiServerWrites(modelJson).toString(), type);

      assertThat(shipped.convertValue(read, JsonNode.class))
          .as(type.getSimpleName())
          .isEqualTo(expected);
      assertThat(JSON.convertValue(storedAsItIs(desired), JsonNode.class)).isEqualTo(expected);
      assertThat(shipped.asJson(read)).doesNotContain("\"spec\"");
    }
    List<Class<?>> specs = new ArrayList<>();
    for (Class<? extends HasMetadata> type : PayloadDigests.WHOLE_SPEC) {
      specs.add(type.getMethod("getSpec").getReturnType());
    }
    assertThat(readersBuilt.classes())
        .containsAll(PayloadDigests.WHOLE_SPEC)
        .doesNotContainAnyElementsOf(specs);
  }

  @Test
  void aDigestedSpecTellsEveryChangeOfAValueAndNoneOfTheLayout() {
    JsonNode spec =
        JSON.convertValue(
            Map.of(
                "groups",
                List.of(Map.of("name", "gym", "interval", "30s", "rules", List.of(), "limit", 2.0)),
                "labels",
                Map.of()),
            JsonNode.class);
    JsonNode same =
        JSON.convertValue(
            Map.of(
                "groups",
                List.of(new TreeMap<>(Map.of("limit", 2, "name", "gym", "interval", "30s")))),
            JsonNode.class);
    JsonNode changed =
        JSON.convertValue(
            Map.of("groups", List.of(Map.of("name", "gym", "interval", "31s", "limit", 2))),
            JsonNode.class);
    assertThat(specDigest(same)).isEqualTo(specDigest(spec));
    assertThat(specDigest(changed)).isNotEqualTo(specDigest(spec));
  }

  private static JsonNode specDigest(JsonNode spec) {
    ObjectNode rule = JSON.convertValue(rule(0.05), ObjectNode.class);
    rule.set("spec", spec);
    return PayloadDigests.comparable(PrometheusRule.class, rule).get(PayloadDigests.SPEC_DIGEST);
  }

  /** The object with its keys in reverse order and each integral float without its fraction. */
  private static JsonNode asAnApiServerWrites(JsonNode node) {
    if (node.isObject()) {
      ObjectNode reversed = JSON.convertValue(Map.of(), ObjectNode.class);
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      Collections.reverse(keys);
      keys.forEach(key -> reversed.set(key, asAnApiServerWrites(node.get(key))));
      return reversed;
    }
    if (node.isArray()) {
      ArrayNode items = JSON.convertValue(List.of(), ArrayNode.class);
      node.forEach(item -> items.add(asAnApiServerWrites(item)));
      return items;
    }
    if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())) {
      return LongNode.valueOf(node.longValue());
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> R storedAsItIs(R object) {
    return stored((Class<R>) object.getClass(), object);
  }

  private static <R extends HasMetadata> R stored(Class<R> type, R object) {
    ItemStore<R> store = PayloadDigests.itemStore(type, JSON).orElseThrow();
    String key = store.getKey(object);
    store.put(key, object);
    return store.get(key);
  }

  private static List<HasMetadata> desiredObjects(String sample) {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve(sample));
    cr.getMetadata().setNamespace("ns");
    return OwnedObject.desiredObjects(
        GymPlan.of(SpecValidator.check(cr).admitted(), ServedKinds.prometheusOperatorOnly()));
  }

  private static PrometheusRule rule(double threshold) {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setNamespace("ns");
    cr.getSpec().alerts.highErrorRate.threshold = threshold;
    return OwnedObject.desiredObjects(
            GymPlan.of(SpecValidator.check(cr).admitted(), ServedKinds.prometheusOperatorOnly()))
        .stream()
        .filter(PrometheusRule.class::isInstance)
        .map(PrometheusRule.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static ConfigMap configMap(String json) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("gym-dashboards")
        .withNamespace("ns")
        .endMetadata()
        .withData(Map.of("gym.json", json, "small", SMALL))
        .withBinaryData(Map.of("blob", "QUJD".repeat(200)))
        .build();
  }
}
