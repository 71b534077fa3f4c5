package org.causalgym.operator.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.YamlDocuments;

/** helm/causal-gym-operator rendered through helm-java's native Helm, as helm template would. */
final class HelmChart {

  static final Path CHART = Repository.root().resolve("helm/causal-gym-operator");
  static final String RELEASE = "causal-gym-operator";
  static final String NAMESPACE = "ops";

  private HelmChart() {}

  /** The rendered objects for values given as --set pairs. */
  static List<JsonNode> render(Map<String, Object> values) throws IOException {
    TemplateCommand template =
        new Helm(CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.32.0");
    values.forEach(template::set);
    return YamlDocuments.objects(template.call());
  }

  static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }
}
