package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Kubectl;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl's human output against the demo API: the columns of the CRD's printer columns,
 * with the values each resource holds, as on a cluster.
 */
class KubectlTableTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir static Path dir;

  private static Demo demo;
  private static Kubectl kubectl;

  @BeforeAll
  static void startTheDemo() throws Exception {
    demo = Demo.start(Repository.resource(Repository.samples().resolve("full.yaml")), 0, 0, false);
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    demo.writeKubeconfig(kubeconfig);
    kubectl = Kubectl.against(kubeconfig);
  }

  @AfterAll
  static void stopTheDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void getShowsThePrinterColumnsWithTheResourcesValues() {
    String namespace = demo.resource().getMetadata().getNamespace();
    String name = demo.resource().getMetadata().getName();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Map<String, String>> rows = table(ok("get", "cgm"));
              assertThat(rows.get(0).keySet()).containsExactlyElementsOf(headers(false, false));
              assertThat(rows).containsExactly(expectedRow(namespace, name, false, false));
            });
  }

  @Test
  void wideAddsTheColumnsOfPriorityOne() {
    String namespace = demo.resource().getMetadata().getNamespace();
    String name = demo.resource().getMetadata().getName();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Map<String, String>> rows = table(ok("get", "cgm", name, "-o", "wide"));
              assertThat(rows.get(0).keySet()).containsExactlyElementsOf(headers(true, false));
              assertThat(headers(true, false)).hasSizeGreaterThan(headers(false, false).size());
              assertThat(rows).containsExactly(expectedRow(namespace, name, true, false));
            });
  }

  /** A resource of its own name and namespace, next to the sample's: -A shows both. */
  @Test
  void allNamespacesShowsEveryResourceWithItsNamespace() {
    CausalGymMonitoring other = Repository.resource(Repository.samples().resolve("full.yaml"));
    other.getMetadata().setName("bench");
    other.getMetadata().setNamespace("lab");
    client().resource(other).create();
    await().atMost(PATIENCE).until(() -> !conditions(resource("lab", "bench")).isEmpty());

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Map<String, String>> rows = table(ok("get", "cgm", "-A"));
              assertThat(rows.get(0).keySet()).containsExactlyElementsOf(headers(false, true));
              assertThat(rows)
                  .containsExactlyInAnyOrder(
                      expectedRow("lab", "bench", false, true),
                      expectedRow(
                          demo.resource().getMetadata().getNamespace(),
                          demo.resource().getMetadata().getName(),
                          false,
                          true));
              assertThat(table(ok("get", "cgm", "bench", "-n", "lab")))
                  .containsExactly(expectedRow("lab", "bench", false, false));
            });
  }

  /** Several kinds at once: a table each, ours with its columns. */
  @Test
  void severalKindsAreATableEach() {
    String name = demo.resource().getMetadata().getName();
    String output = ok("get", "cgm,deploy");
    String[] sections = output.split("\n\\s*\n");

    assertThat(sections).hasSize(2);
    assertThat(table(sections[0]).get(0).keySet()).containsExactlyElementsOf(headers(false, false));
    assertThat(table(sections[0]).get(0).get("NAME"))
        .isEqualTo(
            HasMetadata.getSingular(CausalGymMonitoring.class)
                + "."
                + CausalGymMonitoring.GROUP
                + "/"
                + name);
    assertThat(table(sections[1]).get(0).get("NAME")).isEqualTo("deployment.apps/" + name);
  }

  /** The CRDs themselves have no printer columns: the default table's NAME and CREATED AT. */
  @Test
  void crdsShowTheirCreationTime() {
    String name = HasMetadata.getFullResourceName(CausalGymMonitoring.class);
    String created =
        client()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(name)
            .get()
            .getMetadata()
            .getCreationTimestamp();

    List<Map<String, String>> rows = table(ok("get", "crd", name));

    assertThat(rows).containsExactly(Map.of("NAME", name, "CREATED AT", created));
  }

  /** A Table is what human output asks for; -o json and -o yaml still get the objects. */
  @Test
  void onlyHumanOutputIsATable() {
    String name = demo.resource().getMetadata().getName();
    assertThat(table(ok("get", "cgm", name)).get(0).keySet())
        .containsExactlyElementsOf(headers(false, false));

    JsonNode object = Serialization.unmarshal(ok("get", "cgm", name, "-o", "json"), JsonNode.class);
    assertThat(object.get("kind").asText()).isEqualTo("CausalGymMonitoring");
    assertThat(object.get("spec").isObject()).isTrue();
    JsonNode list = Serialization.unmarshal(ok("get", "cgm", "-o", "json"), JsonNode.class);
    assertThat(list.get("items").findValuesAsText("kind")).contains("CausalGymMonitoring");
    assertThat(ok("get", "cgm", name, "-o", "yaml"))
        .contains("kind: CausalGymMonitoring")
        .doesNotContain("kind: Table");
  }

  private static KubernetesClient client() {
    return demo.cluster().client();
  }

  private static String ok(String... arguments) {
    ExternalTool.Result result = kubectl.run(arguments);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  /** The printer columns of the CRD as the API stores it, in kubectl's upper case. */
  private static List<String> headers(boolean wide, boolean namespaced) {
    List<String> headers = new ArrayList<>();
    if (namespaced) {
      headers.add("NAMESPACE");
    }
    headers.add("NAME");
    for (JsonNode column : printerColumns()) {
      if (wide || column.path("priority").asInt(0) == 0) {
        headers.add(column.get("name").asText().toUpperCase(Locale.ROOT));
      }
    }
    return headers;
  }

  private static JsonNode printerColumns() {
    JsonNode crd =
        Serialization.unmarshal(
            Serialization.asJson(
                client()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(HasMetadata.getFullResourceName(CausalGymMonitoring.class))
                    .get()),
            JsonNode.class);
    for (JsonNode version : crd.get("spec").get("versions")) {
      if (version.get("name").asText().equals(CausalGymMonitoring.VERSION)) {
        return version.get("additionalPrinterColumns");
      }
    }
    throw new AssertionError("the CRD serves no " + CausalGymMonitoring.VERSION);
  }

  /**
   * The row kubectl should print for a resource, from the resource as stored: the conditions'
   * fields the columns name, the count of alert rules, and an age (its value is the clock's).
   */
  private static Map<String, String> expectedRow(
      String namespace, String name, boolean wide, boolean namespaced) {
    JsonNode resource = resource(namespace, name);
    Map<String, String> row = new LinkedHashMap<>();
    if (namespaced) {
      row.put("NAMESPACE", namespace);
    }
    row.put("NAME", name);
    for (JsonNode column : printerColumns()) {
      if (!wide && column.path("priority").asInt(0) != 0) {
        continue;
      }
      row.put(
          column.get("name").asText().toUpperCase(Locale.ROOT),
          expectedCell(resource, column.get("jsonPath").asText()));
    }
    return row;
  }

  private static final Pattern CONDITION_FIELD =
      Pattern.compile("\\.status\\.conditions\\[\\?\\(@\\.type==\"(\\w+)\"\\)\\]\\.(\\w+)");

  /** What the cell shows, read from the resource without a JSONPath engine. */
  private static String expectedCell(JsonNode resource, String jsonPath) {
    Matcher condition = CONDITION_FIELD.matcher(jsonPath);
    if (condition.matches()) {
      for (JsonNode c : conditions(resource)) {
        if (c.path("type").asText().equals(condition.group(1))) {
          return c.path(condition.group(2)).asText("");
        }
      }
      return "";
    }
    if (jsonPath.equals(".status.alertRules")) {
      return resource.path("status").path("alertRules").asText("");
    }
    if (jsonPath.equals(".metadata.creationTimestamp")) {
      return "<age>";
    }
    throw new AssertionError("no expectation for the column " + jsonPath);
  }

  private static JsonNode resource(String namespace, String name) {
    return Serialization.unmarshal(
        Serialization.asJson(
            client()
                .resources(CausalGymMonitoring.class)
                .inNamespace(namespace)
                .withName(name)
                .get()),
        JsonNode.class);
  }

  private static List<JsonNode> conditions(JsonNode resource) {
    List<JsonNode> conditions = new ArrayList<>();
    resource.path("status").path("conditions").forEach(conditions::add);
    return conditions;
  }

  private static final Pattern AGE = Pattern.compile("\\d+[smhdy]\\w*");

  /**
   * kubectl's table, a map per row from header to cell, each cell cut at its header's offset; an
   * age becomes "&lt;age&gt;".
   */
  private static List<Map<String, String>> table(String output) {
    List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
    assertThat(lines).as(output).isNotEmpty();
    String header = lines.get(0);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    // Words one space apart are one header (CREATED AT); tabwriter pads columns with three.
    Matcher word = Pattern.compile("\\S+(?: \\S+)*").matcher(header);
    while (word.find()) {
      starts.add(word.start());
      names.add(word.group());
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        int from = Math.min(starts.get(i), line.length());
        int to = i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
        String cell = line.substring(from, to).trim();
        row.put(
            names.get(i),
            names.get(i).equals("AGE") && AGE.matcher(cell).matches() ? "<age>" : cell);
      }
      rows.add(row);
    }
    assertThat(rows).as(output).isNotEmpty();
    return rows;
  }
}
