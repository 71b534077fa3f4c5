package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Table of a custom resource as the API server's CRD table convertor makes it
 * (apiextensions-apiserver tableconvertor.go, apiserver handlers/response.go, v1.32.0).
 */
class ServerSideTableTest {

  private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  private static final String WIDGETS = "/apis/example.org/v1/namespaces/lab/widgets";

  private final Map<String, JsonNode> stored = new HashMap<>();
  private final ServerSideTable tables =
      new ServerSideTable(stored::get, Clock.fixed(NOW, ZoneOffset.UTC));

  private void crd(String name, String group, String version, String columns) {
    stored.put(
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + name,
        json(
            """
            {"kind": "CustomResourceDefinition", "metadata": {"name": "%s"},
             "spec": {"group": "%s", "versions": [{"name": "%s", "served": true,
                      "additionalPrinterColumns": %s}]}}
            """
                .formatted(name, group, version, columns)));
  }

  private void widgetCrd() {
    crd(
        "widgets.example.org",
        "example.org",
        "v1",
        """
        [{"name": "Phase", "type": "string", "jsonPath": ".status.phase"},
         {"name": "Size", "type": "integer", "jsonPath": ".spec.size"},
         {"name": "Ratio", "type": "number", "jsonPath": ".spec.ratio", "format": "float"},
         {"name": "On", "type": "boolean", "jsonPath": ".spec.on"},
         {"name": "Labels", "type": "string", "jsonPath": ".metadata.labels"},
         {"name": "Ready", "type": "string", "priority": 1, "description": "is it ready",
          "jsonPath": ".status.conditions[?(@.type==\\"Ready\\")].status"},
         {"name": "Since", "type": "date", "jsonPath": ".status.since"}]
        """);
  }

  private static JsonNode json(String text) {
    return Serialization.unmarshal(text, JsonNode.class);
  }

  private static JsonNode widget(String name, String spec, String status) {
    return json(
        """
        {"apiVersion": "example.org/v1", "kind": "Widget",
         "metadata": {"name": "%s", "namespace": "lab", "resourceVersion": "7",
                      "labels": {"tier": "gold", "app": "w"}},
         "spec": %s, "status": %s}
        """
            .formatted(name, spec, status));
  }

  private static List<JsonNode> cells(JsonNode table, int row) {
    return StreamSupport.stream(table.get("rows").get(row).get("cells").spliterator(), false)
        .toList();
  }

  @Test
  void kubectlsAcceptHeaderAsksForATableAndAPlainOneDoesNot() {
    assertThat(
            ServerSideTable.wanted(
                "application/json;as=Table;v=v1;g=meta.k8s.io,"
                    + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"))
        .isTrue();
    assertThat(ServerSideTable.wanted("application/json")).isFalse();
    assertThat(ServerSideTable.wanted(null)).isFalse();
    assertThat(
            ServerSideTable.wanted("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io"))
        .isFalse();
  }

  @Test
  void theColumnsAreNameThenTheCrdsPrinterColumns() {
    widgetCrd();
    JsonNode table = tables.table(WIDGETS + "/w", widget("w", "{}", "{}"), true);

    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    JsonNode definitions = table.get("columnDefinitions");
    assertThat(definitions.findValuesAsText("name"))
        .containsExactly("Name", "Phase", "Size", "Ratio", "On", "Labels", "Ready", "Since");
    assertThat(definitions.get(0).get("format").asText()).isEqualTo("name");
    assertThat(definitions.get(3).get("format").asText()).isEqualTo("float");
    assertThat(definitions.get(6).get("priority").asInt()).isEqualTo(1);
    assertThat(definitions.get(6).get("description").asText()).isEqualTo("is it ready");
    assertThat(definitions.get(1).get("description").asText())
        .isEqualTo("Custom resource definition column (in JSONPath format): .status.phase");
    assertThat(definitions.get(7).get("type").asText()).isEqualTo("date");
  }

  @Test
  void cellsHoldTheValuesOfTheirColumnsType() {
    widgetCrd();
    JsonNode object =
        widget(
            "w",
            """
            {"size": 3.7, "ratio": 2, "on": true}""",
            """
            {"phase": "Running", "since": "2026-01-10T11:50:00Z",
             "conditions": [{"type": "Ready", "status": "True"}]}""");

    List<JsonNode> cells = cells(tables.table(WIDGETS + "/w", object, true), 0);

    assertThat(cells.get(0).asText()).isEqualTo("w");
    assertThat(cells.get(1).asText()).isEqualTo("Running");
    // cellForJSONValue: int64(3.7) for an integer column, float64(2) for a number column.
    assertThat(cells.get(2).isIntegralNumber()).isTrue();
    assertThat(cells.get(2).asLong()).isEqualTo(3);
    assertThat(cells.get(3).isFloatingPointNumber()).isTrue();
    assertThat(cells.get(3).asDouble()).isEqualTo(2.0);
    assertThat(cells.get(4).asBoolean()).isTrue();
    // A string column prints a map as Go's fmt does.
    assertThat(cells.get(5).asText()).isEqualTo("map[app:w tier:gold]");
    assertThat(cells.get(6).asText()).isEqualTo("True");
    // A date column is sent as the age the server computes (ConvertToHumanReadableDateType).
    assertThat(cells.get(7).asText()).isEqualTo("10m");
  }

  /** tableconvertor.go takes results[0][0]: a path selecting several values shows the first. */
  @Test
  void aPathSelectingSeveralValuesShowsTheFirst() {
    crd(
        "gadgets.example.org",
        "example.org",
        "v1",
        "[{\"name\": \"Types\", \"type\": \"string\", \"jsonPath\":"
            + " \".status.conditions[*].type\"}]");
    JsonNode object =
        json(
            """
            {"metadata": {"name": "g"},
             "status": {"conditions": [{"type": "Ready"}, {"type": "Available"}]}}""");

    JsonNode table = tables.table("/apis/example.org/v1/gadgets/g", object, true);

    assertThat(cells(table, 0).get(1).asText()).isEqualTo("Ready");
  }

  @Test
  void missingValuesAndValuesOfAnotherTypeAreNull() {
    widgetCrd();
    JsonNode object =
        widget(
            "w",
            """
            {"size": "three", "on": "yes"}""",
            """
            {"phase": null, "since": "yesterday"}""");

    List<JsonNode> cells = cells(tables.table(WIDGETS + "/w", object, true), 0);

    // A string column prints what reflect.ValueOf(nil) prints through the template package.
    assertThat(cells.get(1).asText()).isEqualTo("<no value>");
    assertThat(cells.get(2).isNull()).isTrue();
    assertThat(cells.get(3).isNull()).isTrue();
    assertThat(cells.get(4).isNull()).isTrue();
    assertThat(cells.get(6).isNull()).isTrue();
    assertThat(cells.get(7).asText()).isEqualTo("<invalid>");
  }

  @Test
  void aListIsARowPerItemKeepingTheListsResourceVersionAndContinue() {
    widgetCrd();
    JsonNode list =
        json(
            """
            {"apiVersion": "example.org/v1", "kind": "WidgetList",
             "metadata": {"resourceVersion": "42", "continue": "next-page"},
             "items": [%s, %s]}
            """
                .formatted(
                    widget("a", "{}", "{\"phase\": \"One\"}"),
                    widget("b", "{}", "{\"phase\": \"Two\"}")));

    JsonNode table = tables.table(WIDGETS + "?limit=500", list, true);

    assertThat(table.get("metadata").get("resourceVersion").asText()).isEqualTo("42");
    assertThat(table.get("metadata").get("continue").asText()).isEqualTo("next-page");
    assertThat(table.get("rows")).hasSize(2);
    assertThat(cells(table, 0).get(1).asText()).isEqualTo("One");
    assertThat(cells(table, 1).get(0).asText()).isEqualTo("b");
  }

  @Test
  void aRowsObjectIsItsMetadataUnlessIncludeObjectSaysOtherwise() {
    widgetCrd();
    JsonNode object = widget("w", "{\"size\": 1}", "{}");

    JsonNode partial = tables.table(WIDGETS + "/w", object, true).get("rows").get(0).get("object");
    assertThat(partial.get("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(partial.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(partial.get("metadata").get("namespace").asText()).isEqualTo("lab");
    assertThat(partial.has("spec")).isFalse();

    JsonNode whole =
        tables.table(WIDGETS + "/w?includeObject=Object", object, true).get("rows").get(0);
    assertThat(whole.get("object")).isEqualTo(object);

    JsonNode none =
        tables.table(WIDGETS + "/w?includeObject=None", object, true).get("rows").get(0);
    assertThat(none.has("object")).isFalse();

    assertThatThrownBy(() -> tables.table(WIDGETS + "/w?includeObject=All", object, true))
        .isInstanceOf(ServerSideTable.Refused.class)
        .hasMessage("unrecognized includeObject value: \"All\"");
  }

  @Test
  void aWatchEventAfterTheFirstHasNoColumnDefinitions() {
    widgetCrd();
    JsonNode table = tables.table(WIDGETS + "?watch=true", widget("w", "{}", "{}"), false);

    assertThat(table.get("columnDefinitions").isNull()).isTrue();
    assertThat(table.get("rows")).hasSize(1);
  }

  @Test
  void aCrdWithoutPrinterColumnsGetsAge() {
    crd("gadgets.example.org", "example.org", "v1", "[]");
    JsonNode object =
        json(
            """
            {"metadata": {"name": "g", "creationTimestamp": "2026-01-08T11:00:00Z"}}""");

    JsonNode table = tables.table("/apis/example.org/v1/gadgets/g", object, true);

    assertThat(table.get("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Age");
    assertThat(cells(table, 0).get(1).asText()).isEqualTo("2d1h");
  }

  @Test
  void theCrdsThemselvesGetTheDefaultTablesCreatedAt() {
    JsonNode crd =
        json(
            """
            {"metadata": {"name": "widgets.example.org",
                          "creationTimestamp": "2026-01-08T11:00:00.5+02:00"}}""");

    JsonNode table =
        tables.table(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.org",
            crd,
            true);

    assertThat(table.get("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Created At");
    assertThat(cells(table, 0).get(0).asText()).isEqualTo("widgets.example.org");
    assertThat(cells(table, 0).get(1).asText()).isEqualTo("2026-01-08T09:00:00Z");
  }

  @Test
  void aKindNoCrdServesIsSentAsStored() {
    JsonNode deployment = json("{\"kind\": \"Deployment\", \"metadata\": {\"name\": \"d\"}}");

    assertThat(tables.table("/apis/apps/v1/namespaces/lab/deployments/d", deployment, true))
        .isSameAs(deployment);
    assertThat(tables.table("/api/v1/namespaces/lab/services", deployment, true))
        .isSameAs(deployment);
  }

  @Test
  void aColumnTheDemoCannotEvaluateIsRefusedNamingTheCrdAndTheColumn() {
    crd(
        "gadgets.example.org",
        "example.org",
        "v1",
        "[{\"name\": \"Names\", \"type\": \"string\", \"jsonPath\": \"..name\"}]");

    MockResponse response =
        tables.respond(
            "/apis/example.org/v1/gadgets",
            new MockResponse().setResponseCode(200).setBody("{\"items\": []}"));

    assertThat(response.code()).isEqualTo(500);
    assertThat(response.getBody().readUtf8())
        .contains("gadgets.example.org")
        .contains("\\\"Names\\\"")
        .contains("recursive descent");
  }

  @Test
  void anErrorOfTheStoreIsAnsweredAsItIs() {
    MockResponse notFound = new MockResponse().setResponseCode(404).setBody("{}");

    assertThat(tables.respond(WIDGETS + "/gone", notFound)).isSameAs(notFound);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "-1, 0s",
    "-2, <invalid>",
    "119, 119s",
    "120, 2m",
    "599, 9m59s",
    "600, 10m",
    "10799, 179m",
    "10800, 3h",
    "28740, 7h59m",
    "28800, 8h",
    "172800, 2d",
    "176400, 2d1h",
    "691200, 8d",
    "63072000, 2y",
    "63158400, 2y1d",
    "252288000, 8y",
  })
  void agesAreHumanDurationsOfApimachinery(long seconds, String age) {
    assertThat(ServerSideTable.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(age);
  }
}
