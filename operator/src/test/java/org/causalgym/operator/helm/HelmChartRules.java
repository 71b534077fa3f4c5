package org.causalgym.operator.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The RBAC rules the chart renders with its defaults, as group/resource to verbs. */
public final class HelmChartRules {

  private HelmChartRules() {}

  /** What the chart's ClusterRoles grant, keyed "group/plural" ("/plural" for the core group). */
  public static Map<String, Set<String>> namespacedGrants() throws IOException {
    Map<String, Set<String>> grants = new TreeMap<>();
    List<JsonNode> objects = HelmChart.render(Map.of());
    for (JsonNode role : HelmChart.ofKind(objects, "ClusterRole")) {
      for (JsonNode rule : role.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            Set<String> verbs =
                grants.computeIfAbsent(
                    group.asText() + "/" + resource.asText(), k -> new HashSet<>());
            rule.path("verbs").forEach(v -> verbs.add(v.asText()));
          }
        }
      }
    }
    return grants;
  }
}
