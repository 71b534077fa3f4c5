package org.causalgym.operator.status;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.PrometheusRuleModel;

/**
 * What one poll of a Prometheus' HTTP API found, reduced to what the resources naming it asked for:
 * per scrape job and namespace the targets' health, per rule group its rules' health and firing
 * alerts, and the version it reports; or why it could not be read, with the version last known.
 */
public final class PrometheusSnapshot {

  /** A scrape job in a namespace: the job and namespace labels of a resource's targets. */
  public record Job(String name, String namespace) {

    /** The job of a resource's targets: its Service, named after it, in its namespace. */
    public static Job of(CausalGymMonitoring cr) {
      return new Job(cr.getMetadata().getName(), cr.getMetadata().getNamespace());
    }
  }

  /** One target as /api/v1/targets reports it. */
  public record Scraped(String scrapeUrl, boolean up, String lastError) {}

  /** The targets of one job in one namespace. */
  public record Targets(int up, int down, String lastError) {

    /**
     * Counts targets; the error reported is that of the first down one by scrape URL, so stable.
     */
    public static Targets of(List<Scraped> targets) {
      int up = 0;
      int down = 0;
      String lastError = null;
      for (Scraped target :
          targets.stream().sorted(Comparator.comparing(Scraped::scrapeUrl)).toList()) {
        if (target.up()) {
          up++;
        } else {
          down++;
          if (lastError == null && !target.lastError().isEmpty()) {
            lastError = target.lastError();
          }
        }
      }
      return new Targets(up, down, lastError);
    }
  }

  /**
   * One objective's recorded values, rounded as status shows them so that a poll whose values round
   * alike changes nothing.
   *
   * @param errorBudgetRemaining percent of the budget left, one decimal; null without a value
   * @param burnRate1h the last hour's burn rate, two decimals; null without a value
   */
  public record SloReading(Double errorBudgetRemaining, Double burnRate1h) {

    /** From the recorded ratios; NaN (no events yet) and infinities are no value. */
    public static SloReading of(Double budgetRatio, Double burnRate) {
      return new SloReading(rounded(budgetRatio, 100, 1), rounded(burnRate, 1, 2));
    }

    private static Double rounded(Double value, double scale, int decimals) {
      if (value == null || !Double.isFinite(value)) {
        return null;
      }
      return BigDecimal.valueOf(value * scale)
          .setScale(decimals, RoundingMode.HALF_EVEN)
          .doubleValue();
    }
  }

  /** One rule group as Prometheus loaded it. */
  public record Group(int rules, int unhealthy, String lastError, Set<String> firing) {}

  /**
   * Why a poll gave no answer.
   *
   * @param reason the reason of condition Observed
   * @param message what happened, the same from poll to poll while the same thing happens, so that
   *     a failing URL does not rewrite status at every poll
   */
  public record Failure(ObservedReason reason, String message) {}

  /**
   * What one resource sees of the snapshot; equal views report equally, so a poll that changes
   * nothing a resource sees does not reconcile it.
   *
   * @param failure why Prometheus could not be read, or null
   * @param targets the targets of the resource's job, or null when it has none
   * @param group the resource's rule group, or null when it is not loaded
   * @param version the version Prometheus reports (x.y.z), or null when it answered none
   * @param slos the readings of the resource's objectives, by name; empty without any
   */
  public record View(
      Failure failure,
      Targets targets,
      Group group,
      String version,
      Map<String, SloReading> slos) {}

  private final Failure failure;
  private final Set<Job> jobs;
  private final Set<String> groupNames;
  private final Map<Job, Targets> targets;
  private final Map<String, Group> groups;
  private final Map<Job, Map<String, SloReading>> slos;
  private final String version;

  private PrometheusSnapshot(
      Failure failure,
      Set<Job> jobs,
      Set<String> groupNames,
      Map<Job, Targets> targets,
      Map<String, Group> groups,
      Map<Job, Map<String, SloReading>> slos,
      String version) {
    this.failure = failure;
    this.jobs = jobs;
    this.groupNames = groupNames;
    this.targets = targets;
    this.groups = groups;
    this.slos = slos;
    this.version = version;
  }

  /**
   * A Prometheus that could not be read.
   *
   * @param version the version it reported last, empty if none: an outage does not change which
   *     release the rules must load on
   */
  public static PrometheusSnapshot failed(Failure failure, Optional<String> version) {
    return new PrometheusSnapshot(
        failure, Set.of(), Set.of(), Map.of(), Map.of(), Map.of(), version.orElse(null));
  }

  /**
   * The answers to a poll that asked for some jobs and rule groups.
   *
   * @param jobs the jobs asked for; a resource whose job was not is not {@link #covers covered}
   * @param groupNames the rule groups asked for
   * @param targets what was found of those jobs
   * @param groups what was found of those groups
   * @param slos the readings of the objectives of those jobs' resources
   * @param version the version it reports, empty if none
   */
  public static PrometheusSnapshot answered(
      Set<Job> jobs,
      Set<String> groupNames,
      Map<Job, Targets> targets,
      Map<String, Group> groups,
      Map<Job, Map<String, SloReading>> slos,
      Optional<String> version) {
    return new PrometheusSnapshot(
        null,
        Set.copyOf(jobs),
        Set.copyOf(groupNames),
        Map.copyOf(targets),
        Map.copyOf(groups),
        Map.copyOf(slos),
        version.orElse(null));
  }

  /**
   * Whether the poll asked for what the resource sees: not so for a resource that came after the
   * poll started; a failure covers every resource.
   */
  public boolean covers(CausalGymMonitoring cr) {
    return failure != null
        || (jobs.contains(Job.of(cr)) && groupNames.contains(PrometheusRuleModel.groupName(cr)));
  }

  /** What the resource sees: its job's targets (job and namespace labels) and its rule group. */
  public View view(CausalGymMonitoring cr) {
    if (failure != null) {
      return new View(failure, null, null, version, Map.of());
    }
    return new View(
        null,
        targets.get(Job.of(cr)),
        groups.get(PrometheusRuleModel.groupName(cr)),
        version,
        slos.getOrDefault(Job.of(cr), Map.of()));
  }

  public Optional<Failure> failure() {
    return Optional.ofNullable(failure);
  }

  /** The version Prometheus reports, x.y.z; empty while it answered none. */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }
}
