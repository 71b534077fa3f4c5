package org.causalgym.operator.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our per-release function table and syntax against Prometheus' own source: the functions of each
 * supported release as promql/parser/functions.go states them at its tag (extracted by
 * versions/extract-functions.sh), and expressions whose loading differs between releases, taken
 * from Prometheus' parser and its tests (versions/syntax-cases.txt).
 */
class PromqlVersionTablesTest {

  private static Path versions() {
    return Repository.root().resolve("operator/src/test/resources/promql/versions");
  }

  private static List<String> data(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }

  static Stream<PrometheusVersion> supportedMinors() {
    return PrometheusVersion.supportedMinors().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("supportedMinors")
  void functionsAreThoseOfFunctionsGoAtTheTag(PrometheusVersion release) throws IOException {
    Path file = versions().resolve("functions-v" + release + ".txt");
    assertThat(Files.readString(file))
        .contains("promql/parser/functions.go at tag v" + release + "\n");

    List<String> ours =
        PromqlFunctions.in(release).values().stream()
            .map(PromqlVersionTablesTest::asExtracted)
            .sorted()
            .toList();

    assertThat(ours).containsExactlyElementsOf(data(file));
  }

  /** One function as extract-functions.sh writes it. */
  private static String asExtracted(PromqlFunctions.PromqlFunction function) {
    PromqlFunctions.Signature signature = function.signature();
    return String.join(
        " | ",
        function.name(),
        String.join(
            ",", signature.argTypes().stream().map(PromqlVersionTablesTest::goName).toList()),
        Integer.toString(signature.variadic()),
        goName(signature.returnType()),
        Boolean.toString(function.experimental()));
  }

  /** ValueTypeVector is "vector", as the script shortens Go's names. */
  private static String goName(PromqlType type) {
    return switch (type) {
      case SCALAR -> "scalar";
      case VECTOR -> "vector";
      case MATRIX -> "matrix";
      case STRING -> "string";
    };
  }

  @Test
  void everySupportedReleaseHasItsExtractedTableAndNoOtherIsKept() throws IOException {
    try (Stream<Path> files = Files.list(versions())) {
      List<String> tables =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("functions-"))
              .sorted()
              .toList();
      assertThat(tables)
          .containsExactlyInAnyOrderElementsOf(
              PrometheusVersion.supportedMinors().stream()
                  .map(v -> "functions-v" + v + ".txt")
                  .toList());
    }
  }

  static Stream<Arguments> syntaxCases() throws IOException {
    return data(versions().resolve("syntax-cases.txt")).stream()
        .flatMap(
            line -> {
              String[] columns = line.split(" \\| ", 4);
              Optional<PrometheusVersion> first = PrometheusVersion.parse(columns[0]);
              Optional<PrometheusVersion> last = PrometheusVersion.parse(columns[1]);
              return PrometheusVersion.supportedMinors().stream()
                  .map(
                      release ->
                          Arguments.of(
                              columns[3].strip(),
                              release,
                              first.isPresent()
                                  && release.compareTo(first.get()) >= 0
                                  && release.compareTo(last.orElseThrow()) <= 0,
                              columns[2]));
            });
  }

  @ParameterizedTest(name = "{0} on {1}: accepted {2}")
  @MethodSource("syntaxCases")
  void syntaxIsThatOfEachRelease(
      String expression, PrometheusVersion release, boolean accepted, String source) {
    PrometheusTarget target = PrometheusTarget.of(release, "syntax case");
    Optional<String> problem;
    try {
      PromqlParser.parse(expression, target);
      problem = Optional.empty();
    } catch (PromqlException e) {
      problem = Optional.of(e.describe());
    }
    assertThat(problem.isEmpty())
        .as("%s on Prometheus %s (%s): %s", expression, release, source, problem)
        .isEqualTo(accepted);
  }
}
