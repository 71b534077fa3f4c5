package org.causalgym.operator.status;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.api.SloSpec;
import org.causalgym.operator.api.SloStatus;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.status.PrometheusSnapshot.SloReading;

/**
 * status.observed.slos and the ErrorBudget condition of a resource with objectives, from what its
 * Prometheus reports of their recording rules: only what was read is said.
 */
public final class SloReport {

  private SloReport() {}

  /** Per objective, in spec order, what was read of it; null for a resource without objectives. */
  public static List<SloStatus> statuses(GymPlan plan, Map<String, SloReading> readings) {
    List<SloSpec> slos = plan.resource().getSpec().slos;
    if (slos.isEmpty()) {
      return null;
    }
    List<SloStatus> statuses = new ArrayList<>();
    for (SloSpec slo : slos) {
      SloReading reading = readings.getOrDefault(slo.name, new SloReading(null, null));
      SloStatus status = new SloStatus();
      status.name = slo.name;
      status.errorBudgetRemaining = reading.errorBudgetRemaining();
      status.burnRate1h = reading.burnRate1h();
      statuses.add(status);
    }
    return statuses;
  }

  /**
   * The ErrorBudget condition, where the resource has objectives and a Prometheus to ask: False
   * naming each objective whose budget is spent, Unknown while some has no value or the poll
   * failed, True when every one has budget left.
   */
  public static Optional<ConditionVerdict<ErrorBudgetReason>> of(
      GymPlan plan, Optional<PrometheusSnapshot.View> view) {
    if (plan.resource().getSpec().slos.isEmpty() || plan.observedUrl().isEmpty()) {
      return Optional.empty();
    }
    if (view.isEmpty() || view.get().failure() != null) {
      return Optional.of(
          ConditionVerdict.unknown(
              ErrorBudgetReason.NoBudgetData,
              "Prometheus could not be read (see condition Observed)"));
    }
    List<SloStatus> statuses = statuses(plan, view.get().slos());
    List<String> spent = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      SloStatus status = statuses.get(i);
      SloSpec slo = plan.resource().getSpec().slos.get(i);
      if (status.errorBudgetRemaining == null) {
        unread.add(slo.name);
      } else if (status.errorBudgetRemaining <= 0) {
        spent.add(
            slo.name
                + " has "
                + percent(status.errorBudgetRemaining)
                + " of its error budget left over "
                + slo.window
                + (status.burnRate1h == null
                    ? ""
                    : " (burn rate " + plain(status.burnRate1h) + " over the last hour)"));
      } else {
        left.add(slo.name + " " + percent(status.errorBudgetRemaining));
      }
    }
    if (!spent.isEmpty()) {
      return Optional.of(
          ConditionVerdict.fails(ErrorBudgetReason.BudgetExhausted, String.join("; ", spent)));
    }
    if (!unread.isEmpty()) {
      return Optional.of(
          ConditionVerdict.unknown(
              ErrorBudgetReason.NoBudgetData,
              "No budget value yet for "
                  + String.join(", ", unread)
                  + ": Prometheus has not evaluated the rules yet, or the SLI has no events"));
    }
    return Optional.of(
        ConditionVerdict.holds(
            ErrorBudgetReason.WithinBudget, "Error budget left: " + String.join(", ", left)));
  }

  private static String percent(double value) {
    return plain(value) + "%";
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
