package org.causalgym.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML as people and kubectl write it: keys in the order given, quotes only where YAML needs them.
 * Used for the configuration files of other programs (alertmanager.yaml, Prometheus scrape jobs)
 * and for the objects render and demo print.
 */
public final class PlainYaml {

  /**
   * Strings a YAML 1.1 reader (go-yaml v2, which kubectl and Prometheus use) would take for
   * something else: numbers in any notation (hex, octal, sexagesimal 12:30, .5, 1e3), .inf and
   * .nan, timestamps. Jackson's own check already quotes booleans (yes, on, no) and null.
   */
  private static final Pattern NOT_A_PLAIN_STRING =
      Pattern.compile(
          String.join(
              "|",
              "[-+]?[0-9][0-9_]*([eE][-+]?[0-9]+)?",
              "[-+]?0[xX][0-9a-fA-F_]+|[-+]?0b[01_]+|0o[0-7]+",
              "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?",
              "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?",
              "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)",
              "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?"));

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .stringQuotingChecker(
                      new StringQuotingChecker.Default() {
                        @Override
                        public boolean needToQuoteValue(String value) {
                          return super.needToQuoteValue(value)
                              || NOT_A_PLAIN_STRING.matcher(value).matches();
                        }
                      })
                  .build())
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private PlainYaml() {}

  /** Plain YAML of a value; Kubernetes objects are written as the API serialises them. */
  public static String write(Object value) {
    try {
      return YAML.writeValueAsString(Serialization.jsonMapper().valueToTree(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  /** One document of a multi-document stream, as kubectl get -o yaml prints several. */
  public static String document(Object value) {
    return "---\n" + write(value);
  }

  /** A map of alternating keys and values, in that order: Map.of's order changes per JVM. */
  static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
