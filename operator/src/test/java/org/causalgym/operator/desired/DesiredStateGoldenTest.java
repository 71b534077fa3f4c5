package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The builders' output, printed as render prints it, compared with reviewed golden files. After an
 * intended change, run once with -Dgolden.update=true (it rewrites the files that differ and fails,
 * so that an update is never mistaken for a pass), review the diff of src/test/resources/golden,
 * and run again without it.
 */
class DesiredStateGoldenTest {

  /** Inputs owned by the tests, not samples/, which users are invited to edit. */
  static Stream<Arguments> cases() {
    ServedKinds kubePrometheusStack = ServedKinds.prometheusOperatorOnly();
    return Stream.of(
        Arguments.of("minimal", Repository.testResource("minimal.yaml"), kubePrometheusStack),
        Arguments.of("full", Repository.testResource("full.yaml"), kubePrometheusStack),
        Arguments.of(
            "full-without-prometheus-operator",
            Repository.testResource("full.yaml"),
            ServedKinds.nothing()),
        Arguments.of(
            "full-with-grafana-operator",
            Repository.testResource("full.yaml"),
            ServedKinds.everything()),
        Arguments.of("custom", Repository.testResource("custom.yaml"), kubePrometheusStack),
        Arguments.of(
            "managed-stack",
            Repository.samples().resolve("managed-stack.yaml"),
            ServedKinds.nothing()),
        Arguments.of("logging", Repository.samples().resolve("logging.yaml"), kubePrometheusStack),
        Arguments.of("slos", Repository.samples().resolve("slos.yaml"), kubePrometheusStack),
        Arguments.of(
            "logging-apikey", Repository.testResource("logging-apikey.yaml"), kubePrometheusStack),
        Arguments.of(
            "managed-stack-ephemeral",
            Repository.testResource("managed-ephemeral.yaml"),
            kubePrometheusStack));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersAsTheGoldenFile(String name, Path input, ServedKinds served) throws IOException {
    CausalGymMonitoring resource = Repository.resource(input);
    assertThat(SpecValidator.validate(resource)).isEmpty();
    String rendered =
        OwnedObject.desiredObjects(GymPlan.of(resource, served)).stream()
            .map(PlainYaml::document)
            .collect(Collectors.joining());

    Path golden = Repository.root().resolve("operator/src/test/resources/golden/" + name + ".yaml");
    String expected = Files.exists(golden) ? Files.readString(golden) : null;
    if (Boolean.getBoolean("golden.update") && !rendered.equals(expected)) {
      Files.writeString(golden, rendered);
      throw new AssertionError(
          golden + " rewritten: review its diff, then run again without -Dgolden.update");
    }
    assertThat(expected)
        .as(golden + " is missing; run once with -Dgolden.update=true after an intended change")
        .isNotNull();
    assertThat(rendered)
        .as("%s; run once with -Dgolden.update=true after an intended change", golden)
        .isEqualTo(expected);
  }

  @Test
  void everyObjectIsNamedWithoutBuildingItAsBuildingItNamesIt() {
    CausalGymMonitoring resource = Repository.resource(Repository.testResource("custom.yaml"));
    GymPlan plan = GymPlan.of(resource, ServedKinds.everything());
    for (OwnedObject owned : OwnedObject.values()) {
      assertThat(owned.name(plan.names()))
          .as(owned.name())
          .isEqualTo(owned.desired(plan).getMetadata().getName());
    }
  }
}
