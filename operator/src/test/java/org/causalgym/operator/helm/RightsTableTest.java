package org.causalgym.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.causalgym.operator.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;

/**
 * The rights table of docs/operating.md says exactly what the chart grants, in both install modes:
 * each row's group, resources and verbs in the scope it names, and no grant without a row.
 */
class RightsTableTest {

  private static final String SECTION =
      "## What the operator may do, and what a resource author may do";

  @Test
  void theDocumentedRightsTableIsWhatTheChartGrants() throws IOException {
    List<List<String>> rows = MarkdownDoc.read("docs/operating.md").table(SECTION);

    assertThat(fromDoc(rows, 3))
        .as("docs/operating.md column 'all namespaces (default)' against the default chart")
        .isEqualTo(fromChart(HelmChart.render(Map.of())));
    assertThat(fromDoc(rows, 4))
        .as("docs/operating.md column 'watchNamespaces set' against the chart with watchNamespaces")
        .isEqualTo(fromChart(HelmChart.render(Map.of("watchNamespaces[0]", "lab-a"))));
  }

  /** group/resource:verb@scope of every row, in the scope of the column given. */
  private static Set<String> fromDoc(List<List<String>> rows, int scopeColumn) {
    Set<String> rights = new TreeSet<>();
    for (List<String> row : rows) {
      String group = plain(row.get(0)).equals("core") ? "" : plain(row.get(0));
      String scope = plain(row.get(scopeColumn)).replace("every namespace", "cluster");
      for (String resource : row.get(1).split(",")) {
        for (String verb : row.get(2).split(",")) {
          rights.add(group + "/" + plain(resource) + ":" + plain(verb) + "@" + scope);
        }
      }
    }
    return rights;
  }

  private static String plain(String cell) {
    return cell.replace("`", "").strip();
  }

  /** group/resource:verb@scope of every rule of every Role and ClusterRole rendered. */
  private static Set<String> fromChart(List<JsonNode> objects) {
    Set<String> rights = new TreeSet<>();
    for (JsonNode role : objects) {
      String kind = role.path("kind").asText();
      if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
        continue;
      }
      for (JsonNode rule : role.path("rules")) {
        String scope;
        if (kind.equals("ClusterRole")) {
          scope = rule.has("resourceNames") ? "cluster, by name" : "cluster";
        } else {
          scope =
              role.at("/metadata/namespace").asText().equals(HelmChart.NAMESPACE)
                  ? "release namespace"
                  : "each watched namespace";
        }
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              rights.add(
                  group.asText() + "/" + resource.asText() + ":" + verb.asText() + "@" + scope);
            }
          }
        }
      }
    }
    return rights;
  }
}
