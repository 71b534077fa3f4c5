package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Kubectl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Quotes only where YAML needs them, as kubectl prints: what a reader would take for another type.
 * Multi-line text as a literal block, no line folded, and every string read back as itself, by
 * Jackson's reader and by kubectl's.
 */
class PlainYamlTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "true",
        "yes",
        "on",
        "no",
        "off",
        "Y",
        "null",
        "~",
        "",
        "8080",
        "0755",
        "1.5",
        ".5",
        "1e3",
        "0x1F",
        "0o17",
        "12:30",
        ".inf",
        "-.Inf",
        ".NaN",
        "2026-11-29",
        "a: b",
        "#x",
        "- dash"
      })
  void quotesWhatAReaderWouldTakeForSomethingElse(String value) {
    String yaml = PlainYaml.write(Map.of("k", value));
    assertThat(yaml).as(yaml).isIn("k: \"" + value + "\"\n", "k: '" + value + "'\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10s",
        "1h30m",
        "gym",
        "causal-gym",
        "/metrics",
        "apps/v1",
        "v1",
        "500m",
        "rate(causal_gym_errors{job=\"gym\", namespace=\"research\"}[5m]) > 0.1",
        "sum by (le) (x[5m])",
        "p95 response time is {{ $value }}s"
      })
  void leavesPlainStringsPlain(String value) {
    assertThat(PlainYaml.write(Map.of("k", value))).isEqualTo("k: " + value + "\n");
  }

  @Test
  void printsMultiLineTextAsALiteralBlockAndFoldsNoLongLine() {
    String expr = "sum(rate(errors[5m]))\n  /\nsum(rate(requests[5m])) > 0.1";
    assertThat(PlainYaml.write(Map.of("expr", expr)))
        .isEqualTo("expr: |-\n  sum(rate(errors[5m]))\n    /\n  sum(rate(requests[5m])) > 0.1\n");
    assertThat(PlainYaml.write(Map.of("file", "  indented: first\nnext: 1\n")))
        .isEqualTo("file: |2\n    indented: first\n  next: 1\n");
    String sentence = "word, ".repeat(60) + "end: \"quoted\"";
    assertThat(PlainYaml.write(Map.of("k", sentence))).isEqualTo("k: '" + sentence + "'\n");
  }

  /** Strings YAML's block scalars make hard: the cases the issue names, then generated ones. */
  static List<String> edgeCases() {
    List<String> cases =
        new ArrayList<>(
            List.of(
                "a\nb",
                "a\nb\n",
                "a\nb\n\n",
                "a\n\n\nb",
                "\n",
                "\n\n",
                "\nx",
                " lead\nx",
                "  two\n",
                "\n  x",
                "trail \nx",
                "x\n ",
                "x \n",
                " ",
                "  \n  ",
                "\t",
                "\t\n",
                "a\tb\nc",
                "\ta\nb",
                "# comment\nkey: value\n",
                "a: b\n- c\n",
                "|\n",
                ">-\n",
                "---\nx",
                "x\n---\ny",
                "...\n",
                "x\n...",
                "\"q\"\n'r'\n",
                "a\\nb",
                "{\n  \"a\": \"b\\\"c\"\n}\n",
                "a\r\nb",
                "a\rb",
                "x\u0085y\nz",
                "x\u0085y",
                "a\u2028b\nc",
                "a\u2029b",
                "\uFEFF\nx",
                "a\u0007\nb",
                "\u0000",
                "\u001b[31mred\u001b[0m\n",
                "\u00a0x\ny",
                "é\nü\n",
                "\uD83D\uDE00\nx",
                "yes\nno",
                "0x1F\n"));
    // Property-style: many strings from the characters that matter, reproducibly (fixed seed).
    String alphabet = "ab  \n\n\t#:-\"'\\|>{}[],!&*%@`?.01ex_é\u0085\u2028\r\u0007\uFEFF\u00a0";
    Random random = new Random(25);
    for (int i = 0; i < 600; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(24);
      for (int j = 0; j < length; j++) {
        value.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      cases.add(value.toString());
    }
    return cases;
  }

  /** Where a literal block holds the text exactly; SnakeYAML's emitter and PlainYaml agree. */
  private static boolean blockHoldsExactly(String value) {
    return value.contains("\n")
        && PlainYaml.readsBackOutsideDoubleQuotes(value)
        && !value.contains(" \n")
        && !value.endsWith(" ");
  }

  // Named by index: the strings hold control characters a test report should not carry.
  @ParameterizedTest(name = "edge case {index}")
  @MethodSource("edgeCases")
  void everyStringReadsBackAsItselfAsABlockWhereOneHoldsIt(String value) throws IOException {
    Map<String, Object> nested = Map.of("list", List.of(Map.of("k", value)));
    String yaml = PlainYaml.write(nested);

    assertThat(YAML.readTree(yaml).at("/list/0/k").textValue()).as(yaml).isEqualTo(value);
    if (blockHoldsExactly(value)) {
      assertThat(yaml).as(yaml).startsWith("list:\n- k: |");
    } else {
      // Quoted or plain: on one line, never folded.
      assertThat(yaml.lines()).as(yaml).hasSize(2);
    }
  }

  @Test
  void kubectlReadsEveryStringBackAsItself() throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> cases = edgeCases();
    for (int i = 0; i < cases.size(); i++) {
      values.put("k" + i, cases.get(i));
    }
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("edge-cases")
            .withAnnotations(values)
            .endMetadata()
            .withData(values)
            .build();
    Path file = dir.resolve("edge-cases.yaml");
    Files.writeString(file, PlainYaml.document(configMap));
    Path kubeconfig = Files.createFile(dir.resolve("kubeconfig"));

    // --local: kubectl reads the file with its own YAML decoder and prints the object as JSON.
    ExternalTool.Result result =
        Kubectl.against(kubeconfig)
            .run("annotate", "--local", "-f", file.toString(), "read=back", "-o", "json");

    assertThat(result.exitCode()).as(result.output()).isZero();
    JsonNode read = new ObjectMapper().readTree(result.output());
    Map<String, String> annotations = new LinkedHashMap<>(values);
    annotations.put("read", "back");
    assertThat(read.get("data")).isEqualTo(new ObjectMapper().valueToTree(values));
    assertThat(read.at("/metadata/annotations"))
        .isEqualTo(new ObjectMapper().valueToTree(annotations));
  }
}
