package org.causalgym.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the operator's rights says exactly what the chart grants, in both install
 * modes: each row's group, resources and verbs in the scope it names, and no grant without a row.
 */
class RightsTableTest {

  private static final String SECTION =
      "### What the operator may do, and what a resource author may do";

  @Test
  void theReadmesRightsTableIsWhatTheChartGrants() throws IOException {
    List<String[]> rows = rows();
    assertThat(rows).isNotEmpty();

    assertThat(fromReadme(rows, 3))
        .as("README column 'all namespaces (default)' against the default chart")
        .isEqualTo(fromChart(HelmChart.render(Map.of())));
    assertThat(fromReadme(rows, 4))
        .as("README column 'watchNamespaces set' against the chart with watchNamespaces")
        .isEqualTo(fromChart(HelmChart.render(Map.of("watchNamespaces[0]", "lab-a"))));
  }

  /** The cells of the section's table, header and separator left out. */
  private static List<String[]> rows() throws IOException {
    String readme = Files.readString(Repository.root().resolve("README.md"));
    String section = readme.substring(readme.indexOf(SECTION));
    List<String[]> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : section.lines().skip(1).toList()) {
      if (line.startsWith("|")) {
        if (inTable && !line.startsWith("| ---")) {
          rows.add(line.substring(1, line.length() - 1).split("\\|"));
        }
        inTable = true;
      } else if (inTable) {
        break;
      }
    }
    return rows;
  }

  /** group/resource:verb@scope of every row, in the scope of the column given. */
  private static Set<String> fromReadme(List<String[]> rows, int scopeColumn) {
    Set<String> rights = new TreeSet<>();
    for (String[] row : rows) {
      String group = plain(row[0]).equals("core") ? "" : plain(row[0]);
      String scope = plain(row[scopeColumn]).replace("every namespace", "cluster");
      for (String resource : row[1].split(",")) {
        for (String verb : row[2].split(",")) {
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
