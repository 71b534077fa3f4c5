package org.causalgym.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.causalgym.operator.api.AdditionalAlertSpec;
import org.causalgym.operator.api.BasicAuthSpec;
import org.causalgym.operator.api.CaRef;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.EmailReceiverSpec;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.promql.PrometheusVersion;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input is refused with a message that names the field. */
class SpecValidatorTest {

  private static CausalGymMonitoring valid() {
    return Repository.resource(Repository.testResource("custom.yaml"));
  }

  private static AdditionalAlertSpec additional(String name, String expr) {
    AdditionalAlertSpec rule = new AdditionalAlertSpec();
    rule.name = name;
    rule.expr = expr;
    return rule;
  }

  /** A valid e-mail receiver; cases break one thing of it. */
  private static ReceiverSpec mail(String name) {
    ReceiverSpec receiver = new ReceiverSpec();
    receiver.name = name;
    receiver.email = new EmailReceiverSpec();
    receiver.email.to = "oncall@lab.example";
    receiver.email.from = "gym@lab.example";
    receiver.email.smarthost = "mail.lab.example:587";
    receiver.email.authPassword = new SecretKeyRef("mail-auth", "password");
    return receiver;
  }

  private static Arguments bad(String field, Consumer<CausalGymMonitoring> change) {
    return Arguments.of(field, change);
  }

  @Test
  void aLiteralPasswordIsNeverKeptNorRepeated() {
    // As an informer reads it from a cluster that enforced no schema.
    CausalGymMonitoring cr =
        Serialization.unmarshal(
            Repository.text(Repository.testResource("literal-password.yaml")),
            CausalGymMonitoring.class);

    List<SpecViolation> violations = SpecValidator.validate(cr);

    assertThat(violations)
        .extracting(SpecViolation::field)
        .containsExactly("spec.alertmanager.receivers[0].email.authPassword");
    assertThat(violations.toString()).doesNotContain(Repository.LITERAL_PASSWORD);
    assertThat(Serialization.asJson(cr)).doesNotContain(Repository.LITERAL_PASSWORD);
  }

  /**
   * Refused by SpecValidator's own checks, which run before (literal secrets) or after the CRD;
   * what the CRD refuses is tested in CrdValidationTest.
   */
  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad("spec", cr -> cr.setSpec(null)),
        bad(
            "spec.prometheus.bearerToken",
            cr -> cr.getSpec().prometheus.bearerToken = SecretKeyRef.fromLiteral("hunter2")),
        bad(
            "spec.prometheus.basicAuth.password",
            cr ->
                cr.getSpec().prometheus.basicAuth =
                    new BasicAuthSpec("viewer", SecretKeyRef.fromLiteral("hunter2"))),
        bad(
            "spec.alertmanager.receivers[0].email.authPassword",
            cr -> {
              ReceiverSpec receiver = mail("oncall");
              receiver.email.authPassword = SecretKeyRef.fromLiteral("hunter2");
              cr.getSpec().alertmanager.receivers.add(receiver);
            }),
        bad(
            "spec.prometheus",
            cr -> {
              cr.getSpec().prometheus.url = "";
              cr.getSpec().prometheus.ca = new CaRef("prom-ca", "ca.crt", null);
            }),
        bad(
            "spec.app.resources.requests.memory",
            cr ->
                cr.getSpec().app.resources =
                    new ResourceRequirementsBuilder()
                        .addToRequests("memory", new Quantity("2Gi"))
                        .addToLimits("memory", new Quantity("1Gi"))
                        .build()),
        bad(
            "spec.app.resources.limits.cpu",
            cr ->
                cr.getSpec().app.resources =
                    new ResourceRequirementsBuilder()
                        .addToLimits("cpu", new Quantity("lots"))
                        .build()),
        bad(
            "spec.app.resources.requests.cpu",
            cr ->
                cr.getSpec().app.resources =
                    new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("-1"))
                        .build()),
        bad(
            "spec.alerts.additional[0].expr",
            cr -> cr.getSpec().alerts.additional.add(additional("A", "rate(x[5m] > 1"))),
        bad(
            "spec.alerts.additional[0].expr",
            cr -> cr.getSpec().alerts.additional.add(additional("A", "x{job=\"a} > 1"))),
        bad(
            "spec.alerts.highErrorRate.for",
            cr -> cr.getSpec().alerts.highErrorRate.forDuration = "300y"),
        bad(
            "spec.alertmanager.route.repeatInterval",
            cr -> cr.getSpec().alertmanager.route.repeatInterval = "99999999999999999999999h"),
        bad("metadata.namespace", cr -> cr.getMetadata().setNamespace("Lab\"West")),
        bad("spec.prometheus.version", cr -> cr.getSpec().prometheus.version = "2.41.3"),
        bad("spec.prometheus.version", cr -> cr.getSpec().prometheus.version = "v3.6"),
        bad("spec.prometheus.version", cr -> cr.getSpec().prometheus.version = "2.56"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void refusesBadInputNamingTheField(String field, Consumer<CausalGymMonitoring> change) {
    CausalGymMonitoring cr = valid();
    change.accept(cr);

    List<SpecViolation> violations = SpecValidator.validate(cr);

    assertThat(violations).extracting(SpecViolation::field).contains(field);
    assertThat(violations).allSatisfy(v -> assertThat(v.problem()).isNotBlank());
    assertThat(violations.toString()).doesNotContain("Exception");
  }

  @Test
  void reportsEveryViolationAtOnce() {
    CausalGymMonitoring cr = valid();
    cr.getSpec().app.port = 0;
    cr.getSpec().alerts.highErrorRate.threshold = -1;

    assertThat(SpecValidator.validate(cr))
        .extracting(SpecViolation::field)
        .containsExactlyInAnyOrder("spec.app.port", "spec.alerts.highErrorRate.threshold");
  }

  static Stream<Path> validResources() {
    return Stream.concat(
        Repository.sampleFiles().stream(), Stream.of(Repository.testResource("custom.yaml")));
  }

  @ParameterizedTest
  @MethodSource("validResources")
  void acceptsTheSamplesAndTheTestResources(Path file) {
    assertThat(SpecValidator.validate(Repository.resource(file))).isEmpty();
  }

  @Test
  void aNullSectionOrFieldTakesItsDefaultAsOnAnApiServer() {
    CausalGymMonitoring cr = valid();
    cr.getSpec().metrics = null;
    cr.getSpec().alerts.serviceDown = null;
    cr.getSpec().app.liveness.path = null;
    cr.getSpec().app.logLevel = null;

    SpecValidator.Validated validated = SpecValidator.check(cr);

    assertThat(validated.violations()).isEmpty();
    assertThat(validated.admitted().getSpec().metrics.scrapeInterval).isEqualTo("10s");
    assertThat(validated.admitted().getSpec().alerts.serviceDown.severity).isEqualTo("critical");
    assertThat(validated.admitted().getSpec().app.liveness.path).isEqualTo("/health/live");
    assertThat(validated.admitted().getSpec().app.logLevel.name()).isEqualTo("INFO");
  }

  @Test
  void severityIsAnyLabelValueTeamsRouteOn() {
    CausalGymMonitoring cr = valid();
    cr.getSpec().alerts.serviceDown.severity = "page";
    cr.getSpec().alerts.highErrorRate.severity = "sev1";
    AdditionalAlertSpec rule = additional("Budget", "up == 0");
    rule.severity = "ticket";
    cr.getSpec().alerts.additional.add(rule);
    assertThat(SpecValidator.validate(cr)).isEmpty();
  }

  @Test
  void acceptsBracketsAndQuotesInsideStrings() {
    CausalGymMonitoring cr = valid();
    cr.getSpec().alerts.additional.add(additional("Odd", "count(up{job=\"a(b|c]\"}) > 0"));
    assertThat(SpecValidator.validate(cr)).isEmpty();
  }

  @Test
  void aVersionOutsideTheSupportedReleasesIsRefusedNamingThem() {
    CausalGymMonitoring cr = valid();
    cr.getSpec().prometheus.version = "1.8";
    assertThat(SpecValidator.validate(cr))
        .containsExactly(
            new SpecViolation(
                "spec.prometheus.version",
                "1.8 is not a supported release: name one of Prometheus 2.42–3.5, or leave it"
                    + " empty"));
    for (String supported : List.of("2.42", "v2.55.1", "3.0", "3.5.0")) {
      cr.getSpec().prometheus.version = supported;
      assertThat(SpecValidator.validate(cr)).as(supported).isEmpty();
    }
  }

  @Test
  void aRuleThatDoesNotParseNamesTheReleasesItWasCheckedFor() {
    CausalGymMonitoring cr = valid();
    cr.getSpec().alerts.additional.add(additional("Broken", "sum(rate(x[5m]) > 1"));
    PrometheusTarget named =
        PrometheusTarget.of(
            PrometheusVersion.parse("3.1.2").orElseThrow(), PrometheusTargets.SPEC_VERSION);

    assertThat(SpecValidator.check(cr, named).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.alerts.additional[0].expr");
              assertThat(v.problem())
                  .endsWith(" (checked for Prometheus 3.1.2: spec.prometheus.version)");
            });
    assertThat(SpecValidator.validate(cr))
        .as("no Prometheus asked, external mode")
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.problem())
                    .endsWith(
                        " (checked for Prometheus 2.42–3.5: every supported Prometheus release)"));
    cr.getSpec().stack.mode = StackMode.managed;
    cr.getSpec().stack.prometheus.image = "registry.lab.example/prometheus:v2.49.0";
    assertThat(SpecValidator.validate(cr))
        .as("no Prometheus asked, managed mode")
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.problem())
                    .endsWith(" (checked for Prometheus 2.49.0: spec.stack.prometheus.image)"));
  }

  @Test
  void aTemplateThatDoesNotParseNamesTheReleasesItWasCheckedFor() {
    CausalGymMonitoring cr = valid();
    AdditionalAlertSpec rule = additional("QueueDeep", "probe_queue_depth > 40");
    rule.description = "depth {{ if $value }}high";
    cr.getSpec().alerts.additional.add(rule);
    PrometheusTarget reported =
        PrometheusTarget.of(
            PrometheusVersion.parse("2.48.1").orElseThrow(), PrometheusTargets.OBSERVED_VERSION);

    assertThat(SpecValidator.check(cr, reported).violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.alerts.additional[0].description");
              assertThat(v.problem())
                  .startsWith("template: alert:1: unexpected EOF")
                  .endsWith("Prometheus 2.48.1 (status.observed.prometheusVersion)");
            });
  }
}
