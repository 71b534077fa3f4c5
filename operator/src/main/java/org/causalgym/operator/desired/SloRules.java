package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.RuleBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.causalgym.operator.api.BurnRateAlertSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.SliSpec;
import org.causalgym.operator.api.SloSpec;

/**
 * The rules of the resource's service level objectives, after the SRE workbook's "Alerting on SLOs"
 * (multi-window, multi-burn-rate alerts): per objective, its error ratio recorded over every window
 * the alerts and the budget need, the error budget left and the last hour's burn rate, then a page
 * and a ticket alert. They follow the alerts in the resource's one rule group, whose rules
 * Prometheus evaluates in order, so an alert reads the ratios of the same evaluation.
 */
public final class SloRules {

  /** The recorded error ratio over a window: {@code causal_gym:slo_error_ratio:rate<window>}. */
  public static final String ERROR_RATIO = "causal_gym:slo_error_ratio:rate";

  /** The share of the window's error budget left: 1 untouched, 0 spent. */
  public static final String BUDGET_REMAINING = "causal_gym:slo_error_budget_remaining:ratio";

  /** The error ratio over the last hour per error budget: 1 spends the budget over the window. */
  public static final String BURN_RATE_1H = "causal_gym:slo_burn_rate:rate1h";

  /** The label that names the objective on every recorded series and alert. */
  public static final String SLO_LABEL = "slo";

  /** The labels of a burn-rate alert that the operator sets and spec labels may not. */
  public static final Set<String> OWN_LABELS =
      Stream.concat(AlertLabels.NAMES.stream(), Stream.of(SLO_LABEL))
          .collect(Collectors.toUnmodifiableSet());

  /** The page alert's name: the budget burns fast. */
  public static final String FAST_BURN = "ErrorBudgetFastBurn";

  /** The ticket alert's name: the budget burns slowly. */
  public static final String SLOW_BURN = "ErrorBudgetSlowBurn";

  /** The windows whose error ratio the alerts read, shortest first. */
  static final List<String> ALERT_WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  /**
   * A burn-rate condition: the error ratio over both windows above factor times the budget. The
   * factors and window pairs are the workbook's table: 2% of a 30-day budget spent in an hour
   * (14.4), 5% in six hours (6), 10% in a day (3) and 10% in three days (1).
   */
  record BurnWindow(String longWindow, String shortWindow, String factor) {}

  static final List<BurnWindow> PAGE =
      List.of(new BurnWindow("1h", "5m", "14.4"), new BurnWindow("6h", "30m", "6"));

  static final List<BurnWindow> TICKET =
      List.of(new BurnWindow("1d", "2h", "3"), new BurnWindow("3d", "6h", "1"));

  private SloRules() {}

  /** Every objective's rules, in spec order: its recordings, then its alerts. */
  public static List<Rule> rules(CausalGymMonitoring cr) {
    List<Rule> rules = new ArrayList<>();
    for (SloSpec slo : cr.getSpec().slos) {
      rules.addAll(rules(cr, slo));
    }
    return rules;
  }

  /** One objective's rules: its recordings, then its enabled alerts. */
  public static List<Rule> rules(CausalGymMonitoring cr, SloSpec slo) {
    List<Rule> rules = new ArrayList<>();
    Map<String, String> labels = seriesLabels(cr, slo);
    for (String window : windows(slo)) {
      rules.add(record(ERROR_RATIO + window, errorRatio(cr, slo.sli, window), labels));
    }
    String budget = budget(slo);
    String selector = selector(labels);
    rules.add(
        record(
            BUDGET_REMAINING,
            "1 - " + ERROR_RATIO + slo.window + selector + " / " + budget,
            labels));
    rules.add(record(BURN_RATE_1H, ERROR_RATIO + "1h" + selector + " / " + budget, labels));
    if (slo.alerts.page.enabled) {
      rules.add(alert(cr, slo, FAST_BURN, PAGE, slo.alerts.page, "fast"));
    }
    if (slo.alerts.ticket.enabled) {
      rules.add(alert(cr, slo, SLOW_BURN, TICKET, slo.alerts.ticket, "slowly"));
    }
    return rules;
  }

  /** The alert windows and the objective's own, each once. */
  static List<String> windows(SloSpec slo) {
    List<String> windows = new ArrayList<>(ALERT_WINDOWS);
    if (!windows.contains(slo.window)) {
      windows.add(slo.window);
    }
    return windows;
  }

  /**
   * The SLI's bad events per event over the window, scoped to the resource's scrape job like the
   * built-in alerts; a custom SLI is the user's two queries, each summed so that their labels
   * cannot keep the division from matching.
   */
  static String errorRatio(CausalGymMonitoring cr, SliSpec sli, String window) {
    String prefix = cr.getSpec().metrics.prefix;
    String job = AlertExpressions.jobSelector(cr);
    String responses = "sum(rate(%s_response_times_count%s[%s]))".formatted(prefix, job, window);
    if (sli.availability != null) {
      return "sum(rate(%s_errors%s[%s])) / %s".formatted(prefix, job, window, responses);
    }
    if (sli.latency != null) {
      String fast =
          "sum(rate(%s_response_times_bucket%s[%s]))"
              .formatted(
                  prefix,
                  AlertExpressions.jobSelector(cr, leMatcher(sli.latency.thresholdSeconds)),
                  window);
      return "(%s - %s) / %s".formatted(responses, fast, responses);
    }
    if (sli.uptime != null) {
      return "1 - avg(avg_over_time(%s[%s]))".formatted(AlertExpressions.upSelector(cr), window);
    }
    return "sum(%s) / sum(%s)"
        .formatted(
            sli.custom.errorQuery.replace(SliSpec.WINDOW_PLACEHOLDER, window),
            sli.custom.totalQuery.replace(SliSpec.WINDOW_PLACEHOLDER, window));
  }

  /**
   * The bucket of a bound, whichever way the le label spells it: Go clients write 1, Python's
   * prometheus_client and Prometheus 3 (which normalises le on ingestion, see its 3.0 migration
   * guide) write 1.0.
   */
  static String leMatcher(double bound) {
    String plain = AlertExpressions.number(bound);
    return plain.contains(".")
        ? "le=\"" + plain + "\""
        : "le=~\"" + plain + "|" + plain + "\\\\.0\"";
  }

  /** The share of events the objective allows to fail, exactly: 99.5 gives 0.005. */
  static String budget(SloSpec slo) {
    return BigDecimal.valueOf(100)
        .subtract(BigDecimal.valueOf(slo.objective))
        .divide(BigDecimal.valueOf(100), 12, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** What marks an objective's series apart from every other resource's and objective's. */
  private static Map<String, String> seriesLabels(CausalGymMonitoring cr, SloSpec slo) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SLO_LABEL, slo.name);
    labels.put("namespace", cr.getMetadata().getNamespace());
    labels.put(AlertLabels.RESOURCE_LABEL, cr.getMetadata().getName());
    return labels;
  }

  private static String selector(Map<String, String> labels) {
    List<String> matchers = new ArrayList<>();
    labels.forEach((name, value) -> matchers.add(name + "=\"" + value + "\""));
    return "{" + String.join(", ", matchers) + "}";
  }

  private static Rule record(String name, String expr, Map<String, String> labels) {
    return new RuleBuilder()
        .withRecord(name)
        .withExpr(new IntOrString(expr))
        .withLabels(new LinkedHashMap<>(labels))
        .build();
  }

  /** Either window pair's condition: the workbook's alert, one rule per severity. */
  static String burnExpression(CausalGymMonitoring cr, SloSpec slo, List<BurnWindow> windows) {
    String selector = selector(seriesLabels(cr, slo));
    String budget = budget(slo);
    List<String> conditions = new ArrayList<>();
    for (BurnWindow window : windows) {
      String threshold = "(" + window.factor() + " * " + budget + ")";
      conditions.add(
          "(%s%s%s > %s and %s%s%s > %s)"
              .formatted(
                  ERROR_RATIO,
                  window.longWindow(),
                  selector,
                  threshold,
                  ERROR_RATIO,
                  window.shortWindow(),
                  selector,
                  threshold));
    }
    return String.join(" or ", conditions);
  }

  private static Rule alert(
      CausalGymMonitoring cr,
      SloSpec slo,
      String name,
      List<BurnWindow> windows,
      BurnRateAlertSpec spec,
      String pace) {
    String instance = cr.getMetadata().getNamespace() + "/" + cr.getMetadata().getName();
    String objective = AlertExpressions.number(slo.objective) + "% over " + slo.window;
    Map<String, String> labels = new LinkedHashMap<>(spec.labels);
    labels.putAll(AlertLabels.of(cr, spec.severity));
    labels.put(SLO_LABEL, slo.name);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        "summary",
        spec.summary != null
            ? spec.summary
            : "Objective "
                + slo.name
                + " of Causal Interface Gym "
                + instance
                + " burns its error"
                + " budget "
                + pace);
    annotations.put(
        "description",
        spec.description != null
            ? spec.description
            : "{{ humanizePercentage $value }} of events failed over the alert's long window, "
                + paceText(windows)
                + " the rate that spends the whole error budget of "
                + objective
                + " ("
                + budget(slo)
                + " of events) over the window.");
    return new RuleBuilder()
        .withAlert(name)
        .withExpr(new IntOrString(burnExpression(cr, slo, windows)))
        .withFor(spec.forDuration)
        .withLabels(labels)
        .withAnnotations(annotations)
        .build();
  }

  private static String paceText(List<BurnWindow> windows) {
    List<String> parts = new ArrayList<>();
    for (BurnWindow window : windows) {
      parts.add(window.factor() + "x over " + window.longWindow());
    }
    return "at least " + String.join(" or ", parts);
  }
}
