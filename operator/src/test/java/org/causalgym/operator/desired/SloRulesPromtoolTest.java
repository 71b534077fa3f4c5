package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.SliSpec;
import org.causalgym.operator.api.SloSpec;
import org.causalgym.operator.promql.PromqlDuration;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The maths of the objectives' rules, proved by promtool on synthetic series: for every objective
 * of samples/slos.yaml and of resources unlike it, a promtool test suite is generated from the
 * objective (its budget, windows, alerts' for and labels) and run against the rendered rules.
 *
 * <p>A fast burn (15 times the budget rate) pages once the 1h window holds 14.4 times the budget:
 * after 57.6 minutes, not at 50; the page clears within ten minutes of the burn's end. A slow burn
 * (1.2 times) never pages, and tickets once the 3d window holds the budget rate: after 60 hours,
 * not at 56. The budget left and the burn rate have the values the series give. An uptime SLI pages
 * on a target down for half an hour and clears once the 30m window is clean.
 */
class SloRulesPromtoolTest {

  /** Events per minute of every synthetic gym. */
  private static final int EVENTS_PER_MINUTE = 1000;

  /** Clean history before a fast burn: the 6h window sees only the burn's share of it. */
  private static final int FAST_CLEAN_MINUTES = 360;

  private static final int FAST_BURN_MINUTES = 120;

  /** Clean history before a slow burn: the 3d window fills with the burn only slowly. */
  private static final int SLOW_CLEAN_MINUTES = 72 * 60;

  private static final int SLOW_STEP_MINUTES = 5;

  private final ExternalTool promtool = ExternalTool.promtool();

  @TempDir Path dir;

  static Stream<Arguments> objectives() {
    List<Arguments> cases = new ArrayList<>();
    for (CausalGymMonitoring cr :
        List.of(
            Repository.resource(Repository.samples().resolve("slos.yaml")), unlikeTheSample())) {
      assertThat(SpecValidator.validate(cr)).as("the resource is valid").isEmpty();
      for (SloSpec slo : cr.getSpec().slos) {
        cases.add(Arguments.of(cr.getMetadata().getNamespace() + "/" + slo.name, cr, slo));
      }
    }
    return cases.stream();
  }

  /**
   * Nothing here is a sample's: name, namespace, prefix, objectives, windows, an integer latency
   * bound scraped as Python writes it (1.0), a custom SLI, alerts' for and labels.
   */
  static CausalGymMonitoring unlikeTheSample() {
    return Repository.resource(
        """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata: {name: trial-9, namespace: lab-x}
        spec:
          app: {image: example.org/gym:1}
          metrics: {prefix: cig_v4}
          slos:
            - name: answers
              objective: 99.9
              window: 7d
              sli: {availability: {}}
              alerts:
                page: {severity: page, for: 3m, labels: {team: causal}}
                ticket: {severity: ticket, for: 20m}
            - name: within-a-second
              objective: 98
              window: 28d
              sli: {latency: {thresholdSeconds: 1}}
            - name: own-counters
              objective: 99.75
              sli:
                custom:
                  errorQuery: sum(rate(trial_failures_total{job="trial-9"}[{{.window}}]))
                  totalQuery: sum(rate(trial_requests_total{job="trial-9"}[{{.window}}]))
            - name: up
              objective: 99
              sli: {uptime: {}}
        """);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectives")
  void theBurnRateAlertsAndTheBudgetFollowTheSeries(
      String name, CausalGymMonitoring cr, SloSpec slo) throws IOException {
    promtool.require();
    Files.writeString(dir.resolve("rules.yaml"), rulesFile(cr));
    List<String> suites =
        slo.sli.uptime != null
            ? List.of(uptimeSuite(cr, slo))
            : List.of(fastSuite(cr, slo), slowSuite(cr, slo));
    for (String suite : suites) {
      ExternalTool.Result result = run(suite);
      assertThat(result.exitCode()).as(result.output() + "\n" + suite).isZero();
      assertThat(result.output()).contains("SUCCESS");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectives")
  void theSuiteFailsAgainstRulesOfAnotherObjective(String name, CausalGymMonitoring cr, SloSpec slo)
      throws IOException {
    promtool.require();
    String suite = slo.sli.uptime != null ? uptimeSuite(cr, slo) : fastSuite(cr, slo);
    SloSpec looser = cr.getSpec().slos.get(cr.getSpec().slos.indexOf(slo));
    // Forty times the budget: the outage of the uptime suite stays under every threshold too.
    looser.objective = Math.max(1, 100 - (100 - slo.objective) * 40);
    Files.writeString(dir.resolve("rules.yaml"), rulesFile(cr));

    ExternalTool.Result result = run(suite);

    assertThat(result.exitCode()).as(result.output()).isNotZero();
  }

  private ExternalTool.Result run(String suite) throws IOException {
    Files.writeString(dir.resolve("slo.test.yaml"), suite);
    return promtool.run(dir, "test", "rules", "slo.test.yaml");
  }

  /** A fast burn, with the budget's values, for an SLI counted in events. */
  private static String fastSuite(CausalGymMonitoring cr, SloSpec slo) {
    BigDecimal budget = new BigDecimal(SloRules.budget(slo));
    BigDecimal fastBad = budget.multiply(BigDecimal.valueOf(15L * EVENTS_PER_MINUTE));
    int burnEnd = FAST_CLEAN_MINUTES + FAST_BURN_MINUTES;
    int pageFor = forMinutes(slo.alerts.page.forDuration);
    String selector = selector(cr, slo);
    StringBuilder suite = new StringBuilder();
    suite.append("rule_files: [rules.yaml]\nevaluation_interval: 1m\ntests:\n");
    // Fast burn: 15 times the budget rate for two hours after six clean ones.
    suite.append("  - interval: 1m\n    input_series:\n");
    suite.append(
        series(
            cr,
            slo,
            1,
            List.of(
                new Segment(FAST_CLEAN_MINUTES, BigDecimal.ZERO),
                new Segment(FAST_BURN_MINUTES, fastBad),
                new Segment(60, BigDecimal.ZERO))));
    List<String> checks = new ArrayList<>();
    checks.add(alertCheck(cr, slo, SloRules.FAST_BURN, FAST_CLEAN_MINUTES + 50, false));
    checks.add(alertCheck(cr, slo, SloRules.FAST_BURN, FAST_CLEAN_MINUTES + 62 + pageFor, true));
    checks.add(alertCheck(cr, slo, SloRules.FAST_BURN, burnEnd + 10, false));
    // Budget left: all of it before the burn; at its end the 8h so far hold 15 * 120 / 480 = 3.75
    // budgets, so 1 - 3.75 of it is left. The last hour burned at 15.
    checks.add(valueCheck(SloRules.BUDGET_REMAINING + selector, FAST_CLEAN_MINUTES, "100"));
    checks.add(valueCheck(SloRules.BUDGET_REMAINING + selector, burnEnd, "-275"));
    checks.add(valueCheck(SloRules.BURN_RATE_1H + selector, burnEnd, "1500"));
    suite.append("    promql_expr_test:\n").append(String.join("", checks));
    return suite.toString();
  }

  /**
   * A slow burn, 1.2 times the budget rate after three clean days, sampled and evaluated every five
   * minutes: promtool 2.42's ranges include their start, so a 5m range holds two samples.
   */
  private static String slowSuite(CausalGymMonitoring cr, SloSpec slo) {
    BigDecimal budget = new BigDecimal(SloRules.budget(slo));
    BigDecimal slowBad =
        budget.multiply(new BigDecimal("1.2")).multiply(BigDecimal.valueOf(EVENTS_PER_MINUTE));
    int ticketFor = forMinutes(slo.alerts.ticket.forDuration);
    int slowEnd = SLOW_CLEAN_MINUTES + 61 * 60 + ticketFor + 10;
    StringBuilder suite = new StringBuilder();
    suite
        .append("rule_files: [rules.yaml]\nevaluation_interval: ")
        .append(SLOW_STEP_MINUTES)
        .append("m\ntests:\n");
    suite.append("  - interval: ").append(SLOW_STEP_MINUTES).append("m\n    input_series:\n");
    suite.append(
        series(
            cr,
            slo,
            SLOW_STEP_MINUTES,
            List.of(
                new Segment(SLOW_CLEAN_MINUTES / SLOW_STEP_MINUTES, BigDecimal.ZERO),
                new Segment(
                    (slowEnd - SLOW_CLEAN_MINUTES) / SLOW_STEP_MINUTES,
                    slowBad.multiply(BigDecimal.valueOf(SLOW_STEP_MINUTES))))));
    suite.append("    promql_expr_test:\n");
    suite.append(alertCheck(cr, slo, SloRules.SLOW_BURN, SLOW_CLEAN_MINUTES + 56 * 60, false));
    suite.append(
        alertCheck(cr, slo, SloRules.SLOW_BURN, SLOW_CLEAN_MINUTES + 61 * 60 + ticketFor, true));
    suite.append(alertCheck(cr, slo, SloRules.FAST_BURN, SLOW_CLEAN_MINUTES + 61 * 60, false));
    return suite.toString();
  }

  /** A target down for half an hour after six clean hours, then up again. */
  private static String uptimeSuite(CausalGymMonitoring cr, SloSpec slo) {
    String up = AlertExpressions.upSelector(cr).replace("}", ", instance=\"gym-0\"}");
    int down = FAST_CLEAN_MINUTES;
    int pageFor = forMinutes(slo.alerts.page.forDuration);
    return "rule_files: [rules.yaml]\nevaluation_interval: 1m\ntests:\n"
        + "  - interval: 1m\n    input_series:\n"
        + "      - series: '"
        + up
        + "'\n        values: '1x"
        + (down - 1)
        + " 0x29 1x60'\n"
        + "    promql_expr_test:\n"
        + alertCheck(cr, slo, SloRules.FAST_BURN, down - 1, false)
        + alertCheck(cr, slo, SloRules.FAST_BURN, down + 15 + pageFor, true)
        // The 6h window still holds the outage, but the 30m one no longer does.
        + alertCheck(cr, slo, SloRules.FAST_BURN, down + 30 + 35, false);
  }

  /** A stretch of minutes (or steps) with this many bad events in each. */
  private record Segment(int steps, BigDecimal badPerStep) {}

  /**
   * The input series of the SLI: bad and total event counters, in the shape the SLI reads, and
   * another gym's series, all bad, that the rules must not read.
   */
  private static String series(
      CausalGymMonitoring cr, SloSpec slo, int stepMinutes, List<Segment> segments) {
    String prefix = cr.getSpec().metrics.prefix;
    String own =
        "job=\"%s\", namespace=\"%s\", instance=\"gym-0\""
            .formatted(cr.getMetadata().getName(), cr.getMetadata().getNamespace());
    String other =
        "job=\"%s\", namespace=\"%s\", instance=\"gym-0\""
            .formatted(cr.getMetadata().getName() + "-other", cr.getMetadata().getNamespace());
    BigDecimal total = BigDecimal.valueOf((long) EVENTS_PER_MINUTE * stepMinutes);
    List<Segment> good =
        segments.stream().map(s -> new Segment(s.steps(), total.subtract(s.badPerStep()))).toList();
    List<Segment> all = segments.stream().map(s -> new Segment(s.steps(), total)).toList();
    Map<String, String> series = new TreeMap<>();
    SliSpec sli = slo.sli;
    if (sli.availability != null) {
      series.put(prefix + "_errors{" + own + "}", counter(segments));
      series.put(prefix + "_response_times_count{" + own + "}", counter(all));
      series.put(prefix + "_errors{" + other + "}", counter(all));
      series.put(prefix + "_response_times_count{" + other + "}", counter(all));
    } else if (sli.latency != null) {
      String bound = bucketAsPythonWritesIt(sli.latency.thresholdSeconds);
      series.put(prefix + "_response_times_count{" + own + "}", counter(all));
      series.put(
          prefix + "_response_times_bucket{" + own + ", le=\"" + bound + "\"}", counter(good));
      // A smaller bucket holds no response: a matcher that took it would see every one slow.
      series.put(
          prefix + "_response_times_bucket{" + own + ", le=\"0.001\"}",
          counter(segments.stream().map(s -> new Segment(s.steps(), BigDecimal.ZERO)).toList()));
      series.put(prefix + "_response_times_bucket{" + own + ", le=\"+Inf\"}", counter(all));
      series.put(prefix + "_response_times_count{" + other + "}", counter(all));
      series.put(prefix + "_response_times_bucket{" + other + ", le=\"" + bound + "\"}", "0x10");
    } else {
      series.put("trial_failures_total{" + own + "}", counter(segments));
      series.put("trial_requests_total{" + own + "}", counter(all));
    }
    StringBuilder text = new StringBuilder();
    series.forEach(
        (name, values) ->
            text.append("      - series: '")
                .append(name)
                .append("'\n        values: '")
                .append(values)
                .append("'\n"));
    return text.toString();
  }

  /** Python's prometheus_client writes a bound as Python prints a float: 1.0, 0.5. */
  private static String bucketAsPythonWritesIt(double bound) {
    String plain = BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  /** A counter from 0, growing by each segment's amount per step. */
  private static String counter(List<Segment> segments) {
    StringBuilder values = new StringBuilder("0");
    BigDecimal value = BigDecimal.ZERO;
    for (Segment segment : segments) {
      BigDecimal first = value.add(segment.badPerStep());
      values
          .append(' ')
          .append(first.toPlainString())
          .append('+')
          .append(segment.badPerStep().toPlainString())
          .append('x')
          .append(segment.steps() - 1);
      value = value.add(segment.badPerStep().multiply(BigDecimal.valueOf(segment.steps())));
    }
    return values.toString();
  }

  /** The alert is firing at the minute, with exactly the labels the rule gives it, or it is not. */
  private static String alertCheck(
      CausalGymMonitoring cr, SloSpec slo, String alert, int minute, boolean firing) {
    String expr =
        "ALERTS{alertname=\"%s\", alertstate=\"firing\", slo=\"%s\", namespace=\"%s\"}"
            .formatted(alert, slo.name, cr.getMetadata().getNamespace());
    StringBuilder check =
        new StringBuilder("      - expr: '")
            .append(expr)
            .append("'\n        eval_time: ")
            .append(minute)
            .append("m\n        exp_samples:");
    if (!firing) {
      return check.append(" []\n").toString();
    }
    Rule rule =
        SloRules.rules(cr, slo).stream()
            .filter(r -> alert.equals(r.getAlert()))
            .findFirst()
            .orElseThrow();
    Map<String, String> labels = new TreeMap<>(rule.getLabels());
    labels.put("alertname", alert);
    labels.put("alertstate", "firing");
    List<String> pairs = new ArrayList<>();
    labels.forEach((k, v) -> pairs.add(k + "=\"" + v + "\""));
    return check
        .append("\n          - labels: 'ALERTS{")
        .append(String.join(", ", pairs))
        .append("}'\n            value: 1\n")
        .toString();
  }

  /** A recorded ratio, times 100 and rounded so that the last bit of a float does not matter. */
  private static String valueCheck(String series, int minute, String hundredths) {
    return "      - expr: 'round(sum(%s) * 100)'\n        eval_time: %dm\n        exp_samples:\n          - labels: '{}'\n            value: %s\n"
        .formatted(series, minute, hundredths);
  }

  private static String selector(CausalGymMonitoring cr, SloSpec slo) {
    return "{slo=\"%s\", namespace=\"%s\", causal_gym_monitoring=\"%s\"}"
        .formatted(slo.name, cr.getMetadata().getNamespace(), cr.getMetadata().getName());
  }

  private static int forMinutes(String forDuration) {
    return forDuration == null
        ? 0
        : (int) PromqlDuration.parse(forDuration).orElseThrow().toMinutes();
  }

  private static String rulesFile(CausalGymMonitoring cr) {
    PrometheusRule rule =
        (PrometheusRule)
            OwnedObject.PROMETHEUS_RULE.desired(GymPlan.of(cr, ServedKinds.everything()));
    return Serialization.asYaml(rule.getSpec());
  }
}
