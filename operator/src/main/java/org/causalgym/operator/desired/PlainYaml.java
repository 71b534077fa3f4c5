package org.causalgym.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * YAML as people and kubectl write it: keys in the order given, quotes only where YAML needs them,
 * multi-line text (rule expressions, configuration files, dashboard JSON) as literal block scalars
 * and no line folded. Used for the configuration files of other programs (alertmanager.yaml,
 * Prometheus scrape jobs) and for the objects render and demo print.
 */
public final class PlainYaml {

  /**
   * Strings a YAML 1.1 reader (go-yaml v2, which kubectl and Prometheus use) would take for
   * something else: numbers in any notation (hex, octal, sexagesimal 12:30, .5, 1e3), .inf and
   * .nan, timestamps. Jackson's own check quotes booleans (yes, on, no) and null.
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

  /**
   * Which strings need quotes for their type only; whether the syntax allows a plain scalar (no
   * {@code ": "}, no {@code " #"}, no leading indicator) SnakeYAML's emitter decides, and it takes
   * single quotes where not, so that PromQL keeps its double quotes unescaped. Jackson's default
   * would double-quote anything with a bracket or comma, which is every PromQL selector.
   */
  private static final StringQuotingChecker QUOTE_FOR_TYPE =
      new StringQuotingChecker.Default() {
        @Override
        public boolean needToQuoteValue(String value) {
          return isReservedKeyword(value) || NOT_A_PLAIN_STRING.matcher(value).matches();
        }
      };

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              new ReadableYamlFactory(YAMLFactory.builder().stringQuotingChecker(QUOTE_FOR_TYPE)))
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          // A long expression stays on one line: folding it is what made render hard to read.
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
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

  /**
   * Whether every character of a string reads back as itself outside double quotes. A YAML 1.1
   * reader turns NEL (U+0085) and CR into a line feed and folds or strips line breaks and tabs
   * around them in block and single-quoted scalars (go-yaml v2.4.0 scannerc.go {@code read_line},
   * {@code yaml_parser_scan_block_scalar}); U+2028/U+2029 are line breaks to it but not to Java's
   * YAML 1.2 readers; control characters are not printable (yaml_private.go {@code is_printable}),
   * and SnakeYAML's emitter would still write them in a block scalar. Only double quotes escape
   * them, so such strings get those.
   */
  static boolean readsBackOutsideDoubleQuotes(String value) {
    return value
        .codePoints()
        .allMatch(
            c ->
                c == '\n'
                    || (c >= 0x20 && c <= 0x7E)
                    || (c >= 0xA0
                        && c <= 0xFFFD
                        && c != 0x2028
                        && c != 0x2029
                        && c != 0xFEFF
                        && !Character.isSurrogate((char) c))
                    || c >= 0x10000);
  }

  /** Jackson's YAML factory, with the generator below. */
  private static final class ReadableYamlFactory extends YAMLFactory {
    ReadableYamlFactory(YAMLFactoryBuilder builder) {
      super(builder);
    }

    @Override
    protected YAMLGenerator _createGenerator(Writer out, IOContext context) throws IOException {
      return new ReadableYamlGenerator(
          context,
          _generatorFeatures,
          _yamlGeneratorFeatures,
          _quotingChecker,
          _objectCodec,
          out,
          _version);
    }
  }

  /**
   * Jackson asks for a literal block for every string with a line feed and SnakeYAML's emitter
   * falls back to double quotes where a block cannot hold the text (trailing spaces, tabs:
   * SnakeYAML 2.4 Emitter {@code analyzeScalar}, {@code chooseScalarStyle}); this also sends there
   * what the emitter would write unescaped but a reader would change.
   */
  private static final class ReadableYamlGenerator extends YAMLGenerator {
    ReadableYamlGenerator(
        IOContext context,
        int features,
        int yamlFeatures,
        StringQuotingChecker quoting,
        ObjectCodec codec,
        Writer out,
        DumperOptions.Version version)
        throws IOException {
      super(context, features, yamlFeatures, quoting, codec, out, version);
    }

    @Override
    protected ScalarEvent _scalarEvent(String value, ScalarStyle style) {
      return super._scalarEvent(
          value, readsBackOutsideDoubleQuotes(value) ? style : ScalarStyle.DOUBLE_QUOTED);
    }
  }
}
