package org.causalgym.operator.status;

import java.util.ArrayList;
import java.util.Optional;
import org.causalgym.operator.admission.PrometheusTargets;
import org.causalgym.operator.api.ObservedStatus;
import org.causalgym.operator.desired.GymPlan;

/**
 * The Observed condition and status.observed of a resource, from what the Prometheus of
 * spec.prometheus.url reports: every target of the resource's job up and every rule of its group
 * loaded and healthy, or the first thing that is not; and its version, said in the message where it
 * is outside the supported releases.
 *
 * @param observed what Prometheus reports; null when it could not be read
 * @param verdict the Observed condition
 */
public record ObservedReport(ObservedStatus observed, ConditionVerdict<ObservedReason> verdict) {

  /**
   * The report of a resource whose spec.prometheus.url is set.
   *
   * @param view what the resource sees of the last poll; empty before the first poll of its URL
   */
  public static ObservedReport of(GymPlan plan, Optional<PrometheusSnapshot.View> view) {
    String url = plan.observedUrl().orElse("");
    if (view.isEmpty()) {
      return new ObservedReport(
          null,
          ConditionVerdict.unknown(
              ObservedReason.Pending, "The first poll of " + url + " is under way"));
    }
    PrometheusSnapshot.View seen = view.get();
    if (seen.failure() != null) {
      PrometheusSnapshot.Failure failure = seen.failure();
      return new ObservedReport(
          null,
          failure.reason() == ObservedReason.Stale
              ? ConditionVerdict.unknown(
                  ObservedReason.Stale, "Prometheus at " + url + " " + failure.message())
              : ConditionVerdict.fails(
                  failure.reason(),
                  "Cannot read the HTTP API of "
                      + url
                      + ": "
                      + failure.message()
                      + hint(failure.reason())));
    }
    String name = plan.names().gym();
    String namespace = plan.names().namespace();
    int expectedRules = plan.rules().size();
    ObservedStatus observed = new ObservedStatus();
    if (seen.targets() != null) {
      observed.targetsUp = seen.targets().up();
      observed.targetsDown = seen.targets().down();
      observed.lastScrapeError = seen.targets().lastError();
    }
    if (seen.group() != null) {
      observed.rulesLoaded = seen.group().rules();
      observed.rulesUnhealthy = seen.group().unhealthy();
      observed.lastRuleError = seen.group().lastError();
      observed.firing = new ArrayList<>(seen.group().firing());
    }
    observed.prometheusVersion = seen.version();
    observed.slos = SloReport.statuses(plan, seen.slos());
    int targets = observed.targetsUp + observed.targetsDown;
    String counts =
        observed.targetsUp
            + " of "
            + targets
            + " targets up, "
            + observed.rulesLoaded
            + " of "
            + expectedRules
            + " rules loaded";
    ConditionVerdict<ObservedReason> verdict;
    if (targets == 0) {
      verdict =
          ConditionVerdict.fails(
              ObservedReason.NoTargets,
              "Prometheus at "
                  + url
                  + " has no target of job "
                  + name
                  + " in namespace "
                  + namespace
                  + ": no Prometheus there selects the ServiceMonitor (see condition Selected),"
                  + " or the Service "
                  + name
                  + " has no ready endpoints");
    } else if (observed.targetsDown > 0) {
      verdict =
          ConditionVerdict.fails(
              ObservedReason.TargetsDown,
              counts
                  + "; "
                  + observed.targetsDown
                  + " down"
                  + (observed.lastScrapeError == null
                      ? " (not scraped yet)"
                      : ": " + observed.lastScrapeError));
    } else if (expectedRules > 0 && observed.rulesLoaded != expectedRules) {
      verdict =
          ConditionVerdict.fails(
              ObservedReason.RulesNotLoaded,
              counts
                  + "; Prometheus at "
                  + url
                  + (seen.group() == null
                      ? " has no rule group " + plan.names().ruleGroup()
                      : " holds another version of rule group " + plan.names().ruleGroup())
                  + ": it does not select the PrometheusRule (see condition Selected), or has not"
                  + " reloaded its rule files yet");
    } else if (observed.rulesUnhealthy > 0) {
      verdict =
          ConditionVerdict.fails(
              ObservedReason.RuleUnhealthy,
              counts
                  + "; "
                  + observed.rulesUnhealthy
                  + " failed their last evaluation: "
                  + observed.lastRuleError);
    } else {
      verdict = ConditionVerdict.holds(ObservedReason.Scraped, counts);
    }
    if (seen.version() != null) {
      ConditionVerdict<ObservedReason> judged = verdict;
      verdict =
          PrometheusTargets.outsideSupported(seen.version())
              .map(
                  note ->
                      new ConditionVerdict<>(
                          judged.status(), judged.reason(), judged.message() + "; " + note))
              .orElse(judged);
    }
    return new ObservedReport(observed, verdict);
  }

  /** What to check, by the field or setting that decides it. */
  private static String hint(ObservedReason reason) {
    return switch (reason) {
      case TLSFailed ->
          "; a server certificate signed by a private CA needs that CA in spec.prometheus.ca";
      case Unauthorized ->
          "; give credentials in spec.prometheus.bearerToken, spec.prometheus.basicAuth or"
              + " spec.prometheus.useServiceAccountToken";
      case Forbidden -> "; the credentials of spec.prometheus are not allowed to read the API";
      case URLNotAllowed, CredentialsUnavailable, ResponseTooLarge, RedirectRefused -> "";
      default -> "; check spec.prometheus.url and that the operator's pod may reach it";
    };
  }
}
