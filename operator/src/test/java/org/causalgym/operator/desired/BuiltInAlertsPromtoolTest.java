package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalgym.operator.api.AlertSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.promql.AlertTemplates;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.promql.PromqlDuration;
import org.causalgym.operator.promql.PromqlException;
import org.causalgym.operator.promql.PromqlParser;
import org.causalgym.operator.promql.PromqlType;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs monitoring/rule-tests/builtin-alerts.test.yaml through promtool against the rendered
 * PrometheusRule of each resource: each built-in alert fires above its threshold after its for, and
 * stays silent below it.
 */
class BuiltInAlertsPromtoolTest {

  private static final Path SUITE =
      Repository.root().resolve("monitoring/rule-tests/builtin-alerts.test.yaml");
  private static final Path EVICTED =
      Repository.root().resolve("monitoring/rule-tests/pod-evicted.test.yaml");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExternalTool promtool = ExternalTool.promtool();

  @TempDir Path dir;

  static Stream<Arguments> resources() {
    Stream<Arguments> samples =
        Repository.sampleFiles().stream()
            .map(p -> Arguments.of(p.getFileName().toString(), Repository.resource(p)));
    return Stream.concat(
        samples,
        Stream.of(
            Arguments.of("other thresholds, names and durations", otherThresholds()),
            Arguments.of("zero error threshold", zeroErrorThreshold())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void everyAlertParsesWithTheOperatorsOwnParser(String name, CausalGymMonitoring cr)
      throws PromqlException {
    for (Rule rule : PrometheusRuleModel.rules(cr)) {
      assertThat(PromqlParser.parse(rule.getExpr().getStrVal(), PrometheusTarget.allSupported()))
          .as(rule.getAlert())
          .isIn(PromqlType.VECTOR, PromqlType.SCALAR);
      for (String template :
          rule.getAnnotations() == null
              ? List.<String>of()
              : List.copyOf(rule.getAnnotations().values())) {
        assertThat(AlertTemplates.firstProblem(template, PrometheusTarget.allSupported()))
            .as(template)
            .isEmpty();
      }
    }
  }

  /** Nothing here matches a sample: name, namespace, prefix, thresholds, durations, severities. */
  static CausalGymMonitoring otherThresholds() {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("full.yaml"));
    cr.getMetadata().setName("trial-42");
    cr.getMetadata().setNamespace("lab-b");
    cr.getSpec().metrics.prefix = "cig_v2";
    cr.getSpec().alerts.highErrorRate.threshold = 0.37;
    cr.getSpec().alerts.highErrorRate.forDuration = "90s";
    cr.getSpec().alerts.highErrorRate.severity = "critical";
    cr.getSpec().alerts.highMemoryUsage.thresholdPercent = 62.5;
    cr.getSpec().alerts.highMemoryUsage.forDuration = "7m";
    cr.getSpec().alerts.highMemoryUsage.severity = "info";
    cr.getSpec().alerts.serviceDown.forDuration = "4m";
    cr.getSpec().alerts.serviceDown.severity = "warning";
    return cr;
  }

  static CausalGymMonitoring zeroErrorThreshold() {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getSpec().alerts.highErrorRate.threshold = 0;
    return cr;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void everyBuiltInAlertFiresAboveItsThresholdAndOnlyThen(String name, CausalGymMonitoring cr)
      throws IOException {
    ExternalTool.Result result = runSuite(cr, cr);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /** Resources with logging on, one of them with a '.' in its name (a regex wildcard). */
  static Stream<Arguments> withLogging() {
    CausalGymMonitoring dotted = Repository.resource(Repository.samples().resolve("logging.yaml"));
    dotted.getMetadata().setName("trial.v3");
    dotted.getMetadata().setNamespace("lab-c");
    dotted.getSpec().logging.volumeSizeLimit = "300Mi";
    return Stream.concat(
        resources().filter(a -> ((CausalGymMonitoring) a.get()[1]).getSpec().logging.enabled),
        Stream.of(Arguments.of("dotted name, other namespace and size", dotted)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withLogging")
  void podEvictedFiresForAnEvictedPodOfTheGymOnly(String name, CausalGymMonitoring cr)
      throws IOException {
    promtool.require();
    Files.writeString(dir.resolve("rules.yaml"), rulesFile(cr));
    Files.writeString(dir.resolve("pod-evicted.test.yaml"), fill(Files.readString(EVICTED), cr));
    ExternalTool.Result result = promtool.run(dir, "test", "rules", "pod-evicted.test.yaml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void podEvictedIsThereExactlyWhileLoggingIsOn(String name, CausalGymMonitoring cr) {
    assertThat(PrometheusRuleModel.rules(cr).stream().map(Rule::getAlert))
        .as("PodEvicted while logging is on")
        .filteredOn(PrometheusRuleModel.POD_EVICTED::equals)
        .hasSize(cr.getSpec().logging.enabled ? 1 : 0);
  }

  @Test
  void theSuiteFailsAgainstRulesWithAnotherThreshold() throws IOException {
    CausalGymMonitoring rulesFor = otherThresholds();
    CausalGymMonitoring suiteFor = otherThresholds();
    rulesFor.getSpec().alerts.highErrorRate.threshold = 0.1;

    ExternalTool.Result result = runSuite(rulesFor, suiteFor);

    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("HighErrorRate");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void theRenderedRulesPassPromtoolCheck(String name, CausalGymMonitoring cr) throws IOException {
    Files.writeString(dir.resolve("rules.yaml"), rulesFile(cr));
    ExternalTool.Result result = promtool.run(dir, "check", "rules", "rules.yaml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("SUCCESS: " + PrometheusRuleModel.rules(cr).size() + " rules found");
  }

  private ExternalTool.Result runSuite(CausalGymMonitoring rulesFor, CausalGymMonitoring suiteFor)
      throws IOException {
    promtool.require();
    Files.writeString(dir.resolve("rules.yaml"), rulesFile(rulesFor));
    Files.writeString(
        dir.resolve("builtin-alerts.test.yaml"), fill(Files.readString(SUITE), suiteFor));
    return promtool.run(dir, "test", "rules", "builtin-alerts.test.yaml");
  }

  /** A PrometheusRule's spec is a Prometheus rule file. */
  private static String rulesFile(CausalGymMonitoring cr) {
    PrometheusRule rule =
        (PrometheusRule)
            OwnedObject.PROMETHEUS_RULE.desired(GymPlan.of(cr, ServedKinds.everything()));
    return Serialization.asYaml(rule.getSpec());
  }

  private static String fill(String template, CausalGymMonitoring cr) {
    Map<String, String> values = values(cr);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      assertThat(value).as("value of placeholder ${%s}", m.group(1)).isNotNull();
      m.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    m.appendTail(filled);
    return filled.toString();
  }

  /**
   * The placeholders' values. Test inputs are rounded outwards to the precision the annotations
   * print, so the expected text does not hang on the last bit of a float.
   */
  private static Map<String, String> values(CausalGymMonitoring cr) {
    String job = cr.getMetadata().getName();
    String namespace = cr.getMetadata().getNamespace();
    String instance = namespace + "/" + job;
    var alerts = cr.getSpec().alerts;
    Map<String, String> v = new HashMap<>();
    v.put("prefix", cr.getSpec().metrics.prefix);
    v.put("job", job);
    v.put("namespace", namespace);
    v.put("otherNamespace", namespace + "-other");

    Duration errorFor = forOf(alerts.highErrorRate);
    BigDecimal threshold = BigDecimal.valueOf(alerts.highErrorRate.threshold);
    BigDecimal rateAbove =
        threshold.signum() == 0
            ? BigDecimal.ONE
            : threshold.multiply(new BigDecimal("1.1")).setScale(3, RoundingMode.CEILING);
    BigDecimal rateBelow =
        threshold.multiply(new BigDecimal("0.9")).setScale(3, RoundingMode.FLOOR);
    // A counter sampled every 15 s grows by rate * 15 per sample.
    v.put("errorStepAbove", rateAbove.multiply(BigDecimal.valueOf(15)).toPlainString());
    v.put("errorStepBelow", rateBelow.multiply(BigDecimal.valueOf(15)).toPlainString());
    // rate() over 5m divides by the whole window and a fresh counter is not extrapolated back past
    // zero, so a rate 1.1 times the threshold shows once 300/1.1 s of the window hold samples:
    // from the evaluation at 285 s on. Any rate above a threshold of 0 shows from 15 s on.
    Duration errorActiveFrom = Duration.ofSeconds(threshold.signum() == 0 ? 15 : 285);
    v.put("errorPendingAt", seconds(errorActiveFrom.plus(half(errorFor))));
    Duration errorFiringAt = errorActiveFrom.plus(errorFor).plusMinutes(1);
    v.put("errorFiringAt", seconds(errorFiringAt));
    v.put("errorSeverity", alerts.highErrorRate.severity);
    v.put("errorSummary", quoted("High error rate in Causal Interface Gym " + instance));
    v.put(
        "errorDescription",
        quoted(
            "gym-0 reports %s errors per second, above the threshold of %s for %s."
                .formatted(
                    rateAbove.setScale(3, RoundingMode.HALF_EVEN).toPlainString(),
                    plain(threshold),
                    alerts.highErrorRate.forDuration)));

    Duration memoryFor = forOf(alerts.highMemoryUsage);
    BigDecimal percent = BigDecimal.valueOf(alerts.highMemoryUsage.thresholdPercent);
    BigDecimal memoryAbove = percent.add(new BigDecimal("0.5")).setScale(1, RoundingMode.CEILING);
    v.put("memoryAbove", memoryAbove.toPlainString());
    v.put(
        "memoryBelow",
        percent.subtract(new BigDecimal("0.5")).setScale(1, RoundingMode.FLOOR).toPlainString());
    v.put("memoryPendingAt", seconds(half(memoryFor)));
    Duration memoryFiringAt = memoryFor.plusMinutes(1);
    v.put("memoryFiringAt", seconds(memoryFiringAt));
    v.put("memorySeverity", alerts.highMemoryUsage.severity);
    v.put("memorySummary", quoted("High memory usage in Causal Interface Gym " + instance));
    v.put(
        "memoryDescription",
        quoted(
            "gym-0 uses %s%% of its memory, above the threshold of %s%% for %s."
                .formatted(
                    memoryAbove.toPlainString(),
                    plain(percent),
                    alerts.highMemoryUsage.forDuration)));

    Duration downFor = forOf(alerts.serviceDown);
    v.put("downPendingAt", seconds(half(downFor)));
    Duration downFiringAt = downFor.plusMinutes(1);
    v.put("downFiringAt", seconds(downFiringAt));
    // The last sample is at 60 s; it goes stale 5 m later, then absent() must hold for `for`.
    Duration vanishedFiringAt = Duration.ofSeconds(60 + 300).plus(downFor).plusMinutes(1);
    v.put("vanishedFiringAt", seconds(vanishedFiringAt));
    v.put("downSeverity", alerts.serviceDown.severity);
    v.put("downSummary", quoted("Causal Interface Gym " + instance + " is down"));
    v.put(
        "downDescription",
        quoted(
            "Prometheus has had no successful scrape of up{job=\"%s\", namespace=\"%s\"} for %s: the target is down or has vanished."
                .formatted(job, namespace, alerts.serviceDown.forDuration)));

    String gymPod = job + "-5f7b9c6d4-q8w2z";
    v.put("gymPod", gymPod);
    // The name with its dots (regex wildcards unless escaped) made letters, or one letter longer.
    v.put("lookalike", job.contains(".") ? job.replace('.', 'x') : job + "x");
    v.put("evictedSummary", quoted("A pod of Causal Interface Gym " + instance + " was evicted"));
    if (cr.getSpec().logging != null) {
      v.put(
          "evictedDescription",
          quoted(
              ("%s was evicted by its kubelet, as happens when the log file outgrows its volume"
                      + " (spec.logging.volumeSizeLimit %s): kubectl -n %s describe pod %s shows"
                      + " the reason; the alert lasts until the evicted pod is deleted.")
                  .formatted(gymPod, cr.getSpec().logging.volumeSizeLimit, namespace, gymPod)));
    }

    Duration last =
        Stream.of(errorFiringAt, memoryFiringAt, downFiringAt, vanishedFiringAt)
            .max(Duration::compareTo)
            .orElseThrow();
    v.put("samples", Long.toString(last.toSeconds() / 15 + 20));
    return v;
  }

  /** The for of an alert; the suite's "still pending" cases need at least 30 s of it. */
  private static Duration forOf(AlertSpec alert) {
    assertThat(alert.enabled).as("the suite covers enabled built-in alerts").isTrue();
    Duration duration = PromqlDuration.parse(alert.forDuration).orElseThrow();
    assertThat(duration)
        .as("for of an alert the suite runs on: pending and firing must be told apart")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    return duration;
  }

  /** Halfway through for, rounded down to a 15 s evaluation, the alert is pending only. */
  private static Duration half(Duration duration) {
    return Duration.ofSeconds(duration.toSeconds() / 2 / 15 * 15);
  }

  private static String seconds(Duration duration) {
    long s = duration.toSeconds();
    return ((s + 14) / 15 * 15) + "s";
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /** A JSON string is a YAML double-quoted scalar, which keeps ':' and '{{' intact. */
  private static String quoted(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
