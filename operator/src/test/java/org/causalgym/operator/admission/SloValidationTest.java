package org.causalgym.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.cli.ResourceReader;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** spec.slos as admission judges it: each bad objective refused naming its field, nothing else. */
class SloValidationTest {

  private static String withSlos(String slos) {
    return withSpec("slos:\n" + slos.indent(2));
  }

  private static String withSpec(String extra) {
    return """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata: {name: lab-gym, namespace: trials}
        spec:
          app: {image: example.org/gym:2}
        """
        + extra.indent(2);
  }

  /**
   * What render and the operator say of the resource: the schema's refusal on reading, or the
   * violations beyond it; nothing when it may be applied.
   */
  private static String refusal(String yaml) {
    try {
      CausalGymMonitoring cr = ResourceReader.read(yaml, "default").get(0);
      return String.join(
          "\n", SpecValidator.validate(cr).stream().map(SpecViolation::toString).toList());
    } catch (ResourceReader.InvalidInputException e) {
      return e.getMessage();
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(
            "- {name: a, objective: 100, sli: {availability: {}}}", "spec.slos[0].objective"),
        Arguments.of(
            "- {name: a, objective: 0, sli: {availability: {}}}", "spec.slos[0].objective"),
        Arguments.of(
            "- {name: a, objective: -3, sli: {availability: {}}}", "spec.slos[0].objective"),
        Arguments.of(
            "- {name: a, objective: 99, window: 14d, sli: {uptime: {}}}", "spec.slos[0].window"),
        Arguments.of(
            "- {name: a, objective: 99, window: 30D, sli: {uptime: {}}}", "spec.slos[0].window"),
        Arguments.of("- {name: A_b, objective: 99, sli: {uptime: {}}}", "spec.slos[0].name"),
        Arguments.of("- {objective: 99, sli: {uptime: {}}}", "spec.slos[0].name"),
        Arguments.of("- {name: a, sli: {uptime: {}}}", "spec.slos[0].objective"),
        Arguments.of("- {name: a, objective: 99}", "spec.slos[0].sli"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {}}",
            "spec.slos[0].sli: an sli has exactly one of availability, latency, uptime, custom"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}, availability: {}}}",
            "spec.slos[0].sli: an sli has exactly one"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {latency: {}}}",
            "spec.slos[0].sli.latency.thresholdSeconds"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {latency: {thresholdSeconds: 0.3}}}",
            "spec.slos[0].sli.latency.thresholdSeconds: 0.3 is not a bound of the gym's"
                + " response-time histogram; name one of spec.metrics.responseTimeBuckets: 0.005,"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {custom: {errorQuery: 'sum(rate(x[5m]))', totalQuery: 'sum(rate(y[{{.window}}]))'}}}",
            "spec.slos[0].sli.custom.errorQuery: must hold {{.window}}"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {custom: {errorQuery: 'sum(rate(x[{{.window}}])', totalQuery: 'sum(rate(y[{{.window}}]))'}}}",
            "spec.slos[0].sli.custom.errorQuery: "),
        Arguments.of(
            "- {name: a, objective: 99, sli: {custom: {errorQuery: 'x[{{.window}}]', totalQuery: 'sum(rate(y[{{.window}}]))'}}}",
            "spec.slos[0].sli.custom.errorQuery: an alert must return an instant vector"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {custom: {errorQuery: 'sum(rate(x[{{.window}}]))'}}}",
            "spec.slos[0].sli.custom.totalQuery"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}}, alerts: {page: {labels: {severity: low}}}}",
            "spec.slos[0].alerts.page.labels.severity: is set by the operator"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}}, alerts: {ticket: {labels: {slo: b}}}}",
            "spec.slos[0].alerts.ticket.labels.slo"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}}, alerts: {ticket: {labels: {1team: b}}}}",
            "spec.slos[0].alerts.ticket.labels.1team: is not a Prometheus label name"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}}, alerts: {page: {for: 5 minutes}}}",
            "spec.slos[0].alerts.page.for"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}}, alerts: {page: {summary: '{{ $value '}}}",
            "spec.slos[0].alerts.page.summary"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}}, alerts: {page: {severity: ''}}}",
            "spec.slos[0].alerts.page.severity"),
        Arguments.of(
            "- {name: a, objective: 99, sli: {uptime: {}}}\n- {name: a, objective: 98, sli: {uptime: {}}}",
            "spec.slos[1]: Duplicate value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void aBadObjectiveIsRefusedNamingItsField(String slos, String expected) {
    assertThat(refusal(withSlos(slos))).contains(expected);
  }

  @Test
  void aBucketBoundMustBePositiveAndFinite() {
    assertThat(refusal(withSpec("metrics: {responseTimeBuckets: [0.1, -1, 0]}")))
        .contains(
            "spec.metrics.responseTimeBuckets[1]: must be a positive, finite number of seconds",
            "spec.metrics.responseTimeBuckets[2]: must be a positive, finite number of seconds")
        .doesNotContain("responseTimeBuckets[0]");
  }

  @Test
  void aLatencyBoundOfTheResourcesOwnBucketsIsAccepted() {
    assertThat(
            refusal(
                withSpec(
                    """
                    metrics: {responseTimeBuckets: [0.2, 0.3, 3]}
                    slos:
                      - {name: snappy, objective: 99, sli: {latency: {thresholdSeconds: 0.3}}}
                      - {name: slow, objective: 99, sli: {latency: {thresholdSeconds: 3}}}
                    """)))
        .isEmpty();
  }

  @Test
  void wholeNumbersAreObjectivesAsOnAnApiServer() {
    assertThat(refusal(withSlos("- {name: a, objective: 99, sli: {availability: {}}}"))).isEmpty();
  }

  @Test
  void theDefaultsAreTheWorkbooksSeveritiesWithoutFor() {
    CausalGymMonitoring cr =
        SpecValidator.check(
                Repository.resource(
                    withSlos(
                        "- {name: a, objective: 99.5, sli: {availability: {}}, alerts: {ticket: {labels: {team: gym}}}}")))
            .admitted();
    var slo = cr.getSpec().slos.get(0);
    assertThat(slo.window).isEqualTo("30d");
    assertThat(slo.alerts.page.severity).isEqualTo("critical");
    assertThat(slo.alerts.page.forDuration).isNull();
    assertThat(slo.alerts.ticket.severity).isEqualTo("warning");
    assertThat(slo.alerts.ticket.forDuration).isNull();
    assertThat(slo.alerts.ticket.labels).containsEntry("team", "gym");
  }
}
