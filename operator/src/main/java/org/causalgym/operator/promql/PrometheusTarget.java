package org.causalgym.operator.promql;

import java.util.List;

/**
 * The Prometheus releases an alert rule must load on, and why those: every supported release unless
 * one is known (named in the spec, reported by the Prometheus asked, or pinned by the managed
 * stack).
 *
 * @param versions the releases, oldest first; never empty
 * @param reason where they come from, for messages, e.g. "spec.prometheus.version"
 */
public record PrometheusTarget(List<PrometheusVersion> versions, String reason) {

  public PrometheusTarget {
    versions = List.copyOf(versions);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a target names at least one Prometheus release");
    }
  }

  /** One instance: every resource's admission keeps its target (20 releases). */
  private static final PrometheusTarget ALL_SUPPORTED =
      new PrometheusTarget(
          PrometheusVersion.supportedMinors(), "every supported Prometheus release");

  /** Every supported minor release, 2.42 to 3.5: what a rule must load on by default. */
  public static PrometheusTarget allSupported() {
    return ALL_SUPPORTED;
  }

  /** One release, known from reason. */
  public static PrometheusTarget of(PrometheusVersion version, String reason) {
    return new PrometheusTarget(List.of(version), reason);
  }

  /** The oldest release of the target. */
  public PrometheusVersion oldest() {
    return versions.get(0);
  }

  /** The newest release of the target. */
  public PrometheusVersion newest() {
    return versions.get(versions.size() - 1);
  }

  /** The target as messages name it: "Prometheus 3.5.0" or "Prometheus 2.42–3.5". */
  public String describe() {
    return versions.size() == 1
        ? "Prometheus " + oldest()
        : "Prometheus " + oldest().minorText() + "–" + newest().minorText();
  }
}
