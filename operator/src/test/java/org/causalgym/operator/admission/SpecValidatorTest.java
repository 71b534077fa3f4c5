package org.causalgym.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;
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
import org.causalgym.operator.api.EnvVarSpec;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.SlackReceiverSpec;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.api.WebhookReceiverSpec;
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

  private static Arguments badReceiver(String field, Consumer<ReceiverSpec> change) {
    return bad(
        field,
        cr -> {
          ReceiverSpec receiver = mail("oncall");
          change.accept(receiver);
          cr.getSpec().alertmanager.receivers.add(receiver);
        });
  }

  private static WebhookReceiverSpec webhook(String url, SecretKeyRef urlSecret) {
    WebhookReceiverSpec webhook = new WebhookReceiverSpec();
    webhook.url = url;
    webhook.urlSecret = urlSecret;
    return webhook;
  }

  private static Arguments bad(String field, Consumer<CausalGymMonitoring> change) {
    return Arguments.of(field, change);
  }

  static Stream<Arguments> badRouting() {
    return Stream.of(
        bad(
            "spec.alertmanager.route.groupWait",
            cr -> cr.getSpec().alertmanager.route.groupWait = "soon"),
        bad(
            "spec.alertmanager.route.repeatInterval",
            cr -> cr.getSpec().alertmanager.route.repeatInterval = ""),
        bad(
            "spec.alertmanager.route.groupBy[1]",
            cr -> cr.getSpec().alertmanager.route.groupBy.add("bad-label")),
        bad(
            "spec.alertmanager.route.groupBy[1]",
            cr -> cr.getSpec().alertmanager.route.groupBy.add("alertname")),
        bad(
            "spec.alertmanager.route.groupBy",
            cr -> cr.getSpec().alertmanager.route.groupBy.add("...")),
        badReceiver("spec.alertmanager.receivers[0]", r -> r.email = null),
        badReceiver(
            "spec.alertmanager.receivers[0]",
            r -> r.webhook = webhook("https://h.example/x", null)),
        badReceiver("spec.alertmanager.receivers[0].name", r -> r.name = null),
        badReceiver("spec.alertmanager.receivers[0].name", r -> r.name = "null"),
        bad(
            "spec.alertmanager.receivers[1]",
            cr -> cr.getSpec().alertmanager.receivers.addAll(List.of(mail("a"), mail("a")))),
        badReceiver("spec.alertmanager.receivers[0].email.to", r -> r.email.to = null),
        badReceiver("spec.alertmanager.receivers[0].email.to", r -> r.email.to = "oncall"),
        badReceiver("spec.alertmanager.receivers[0].email.from", r -> r.email.from = "a b@c"),
        badReceiver(
            "spec.alertmanager.receivers[0].email.smarthost",
            r -> r.email.smarthost = "mail.lab.example"),
        badReceiver(
            "spec.alertmanager.receivers[0].email.smarthost",
            r -> r.email.smarthost = "mail.lab.example:99999"),
        badReceiver(
            "spec.alertmanager.receivers[0].email.smarthost",
            r -> r.email.smarthost = "mail.lab.example:0"),
        badReceiver(
            "spec.alertmanager.receivers[0].webhook.url",
            r -> {
              r.email = null;
              r.webhook = webhook("https://h.example:70000/x", null);
            }),
        badReceiver(
            "spec.alertmanager.receivers[0].email.authPassword",
            r -> r.email.authPassword = SecretKeyRef.fromLiteral("hunter2")),
        badReceiver(
            "spec.alertmanager.receivers[0].email.authPassword.key",
            r -> r.email.authPassword.key = null),
        badReceiver(
            "spec.alertmanager.receivers[0].email.authPassword.name",
            r -> r.email.authPassword.name = "Bad_Name"),
        badReceiver(
            "spec.alertmanager.receivers[0].webhook.url",
            r -> {
              r.email = null;
              r.webhook = webhook("not a url", null);
            }),
        badReceiver(
            "spec.alertmanager.receivers[0].webhook.url",
            r -> {
              r.email = null;
              r.webhook = webhook("ftp://files.example/hook", null);
            }),
        badReceiver(
            "spec.alertmanager.receivers[0].webhook",
            r -> {
              r.email = null;
              r.webhook = webhook("https://h.example/x", new SecretKeyRef("hooks", "url"));
            }),
        badReceiver(
            "spec.alertmanager.receivers[0].webhook",
            r -> {
              r.email = null;
              r.webhook = webhook(null, null);
            }),
        badReceiver(
            "spec.alertmanager.receivers[0].slack.apiURL",
            r -> {
              r.email = null;
              r.slack = new SlackReceiverSpec();
            }),
        bad("spec.dashboards.folder", cr -> cr.getSpec().dashboards.folder = " "),
        bad("spec.dashboards.labels", cr -> cr.getSpec().dashboards.labels.put("bad key!", "1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRouting")
  void refusesBadRoutingAndDashboardsNamingTheField(
      String field, Consumer<CausalGymMonitoring> change) {
    refusesBadInputNamingTheField(field, change);
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

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad("metadata.name", cr -> cr.getMetadata().setName("1gym")),
        bad("spec", cr -> cr.setSpec(null)),
        bad("spec.app", cr -> cr.getSpec().app = null),
        bad("spec.app.image", cr -> cr.getSpec().app.image = null),
        bad(
            "spec.prometheus.bearerToken",
            cr -> cr.getSpec().prometheus.bearerToken = SecretKeyRef.fromLiteral("hunter2")),
        bad(
            "spec.prometheus.basicAuth.password",
            cr ->
                cr.getSpec().prometheus.basicAuth =
                    new BasicAuthSpec("viewer", SecretKeyRef.fromLiteral("hunter2"))),
        bad(
            "spec.prometheus",
            cr -> {
              cr.getSpec().prometheus.url = "https://thanos-querier.openshift-monitoring.svc:9091";
              cr.getSpec().prometheus.useServiceAccountToken = true;
              cr.getSpec().prometheus.bearerToken = new SecretKeyRef("prom-token", "token");
            }),
        bad(
            "spec.prometheus",
            cr -> {
              cr.getSpec().prometheus.url = "";
              cr.getSpec().prometheus.ca = new CaRef("prom-ca", "ca.crt", null);
            }),
        bad(
            "spec.prometheus.useServiceAccountToken",
            cr -> {
              cr.getSpec().prometheus.url = "http://prometheus.monitoring.svc:9090";
              cr.getSpec().prometheus.useServiceAccountToken = true;
            }),
        bad("spec.app.image", cr -> cr.getSpec().app.image = "   "),
        bad("spec.app.image", cr -> cr.getSpec().app.image = "gym: latest"),
        bad("spec.app.port", cr -> cr.getSpec().app.port = 70000),
        bad("spec.app.metricsPort", cr -> cr.getSpec().app.metricsPort = 65536),
        bad("spec.app.metricsPath", cr -> cr.getSpec().app.metricsPath = "/a b"),
        bad(
            "spec.app.healthCheckIntervalSeconds",
            cr -> cr.getSpec().app.healthCheckIntervalSeconds = 0),
        bad(
            "spec.app.liveness.initialDelaySeconds",
            cr -> cr.getSpec().app.liveness.initialDelaySeconds = -5),
        bad("spec.app.readiness.periodSeconds", cr -> cr.getSpec().app.readiness.periodSeconds = 0),
        bad(
            "spec.app.readiness.timeoutSeconds",
            cr -> cr.getSpec().app.readiness.timeoutSeconds = 0),
        bad(
            "spec.app.readiness.failureThreshold",
            cr -> cr.getSpec().app.readiness.failureThreshold = 0),
        bad(
            "spec.app.env[0].name",
            cr -> cr.getSpec().app.env.set(0, new EnvVarSpec("LOG_LEVEL", "DEBUG"))),
        bad(
            "spec.app.env[1]",
            cr -> cr.getSpec().app.env.set(1, new EnvVarSpec("OPENAI_API_KEY", "x"))),
        bad(
            "spec.app.env[1].name",
            cr -> cr.getSpec().app.env.set(1, new EnvVarSpec("1 bad", "x"))),
        bad(
            "spec.app.env[1]",
            cr ->
                cr.getSpec().app.env.get(1).valueFrom =
                    new EnvVarSourceBuilder()
                        .withNewFieldRef()
                        .withFieldPath("metadata.name")
                        .endFieldRef()
                        .build()),
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
        bad("spec.metrics.prefix", cr -> cr.getSpec().metrics.prefix = "causal-gym"),
        bad("spec.metrics.scrapeInterval", cr -> cr.getSpec().metrics.scrapeInterval = "0s"),
        bad(
            "spec.prometheus.selectorLabels",
            cr -> cr.getSpec().prometheus.selectorLabels.put("bad key", "x")),
        bad(
            "spec.prometheus.selectorLabels.release",
            cr -> cr.getSpec().prometheus.selectorLabels.put("release", "x".repeat(64))),
        bad(
            "spec.alerts.highErrorRate.threshold",
            cr -> cr.getSpec().alerts.highErrorRate.threshold = Double.NaN),
        bad(
            "spec.alerts.highErrorRate.for",
            cr -> cr.getSpec().alerts.highErrorRate.forDuration = ""),
        bad(
            "spec.alerts.additional[0].name",
            cr -> cr.getSpec().alerts.additional.add(additional(null, "up == 0"))),
        bad(
            "spec.alerts.additional[0].name",
            cr -> cr.getSpec().alerts.additional.add(additional("ServiceDown", "up == 0"))),
        bad(
            "spec.alerts.additional[1]",
            cr ->
                cr.getSpec()
                    .alerts
                    .additional
                    .addAll(List.of(additional("A", "up"), additional("A", "up")))),
        bad(
            "spec.alerts.additional[0].expr",
            cr -> cr.getSpec().alerts.additional.add(additional("A", " "))),
        bad(
            "spec.alerts.additional[0].expr",
            cr -> cr.getSpec().alerts.additional.add(additional("A", "rate(x[5m] > 1"))),
        bad(
            "spec.alerts.additional[0].expr",
            cr -> cr.getSpec().alerts.additional.add(additional("A", "x{job=\"a} > 1"))),
        bad(
            "spec.alerts.additional[0].for",
            cr -> {
              AdditionalAlertSpec rule = additional("A", "up == 0");
              rule.forDuration = "soon";
              cr.getSpec().alerts.additional.add(rule);
            }),
        bad(
            "spec.alerts.additional[0].severity",
            cr -> {
              AdditionalAlertSpec rule = additional("A", "up == 0");
              rule.severity = "";
              cr.getSpec().alerts.additional.add(rule);
            }),
        bad(
            "spec.alerts.highErrorRate.for",
            cr -> cr.getSpec().alerts.highErrorRate.forDuration = "300y"),
        bad(
            "spec.alertmanager.route.repeatInterval",
            cr -> cr.getSpec().alertmanager.route.repeatInterval = "99999999999999999999999h"),
        bad("metadata.namespace", cr -> cr.getMetadata().setNamespace("Lab\"West")),
        bad(
            "spec.app.resources.requests.cpu",
            cr ->
                cr.getSpec().app.resources =
                    new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("-1"))
                        .build()),
        bad(
            "spec.prometheus.selectorLabels",
            cr -> cr.getSpec().prometheus.selectorLabels.put("app.kubernetes.io/managed-by", "me")),
        bad(
            "spec.dashboards.labels",
            cr -> cr.getSpec().dashboards.labels.put("app.kubernetes.io/instance", "other")),
        bad("spec.prometheus.version", cr -> cr.getSpec().prometheus.version = "2.41.3"),
        bad("spec.prometheus.version", cr -> cr.getSpec().prometheus.version = "v3.6"),
        bad("spec.prometheus.version", cr -> cr.getSpec().prometheus.version = "2.56"),
        bad(
            "spec.alertmanager.receivers[0].email.to",
            cr -> {
              ReceiverSpec receiver = mail("oncall");
              receiver.email.to = "admin@localhost";
              cr.getSpec().alertmanager.receivers.add(receiver);
            }));
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
