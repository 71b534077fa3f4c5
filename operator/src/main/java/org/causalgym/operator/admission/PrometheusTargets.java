package org.causalgym.operator.admission;

import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackPrometheusSpec;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.promql.PrometheusVersion;

/**
 * Which Prometheus releases a resource's alert rules must load on: the release
 * spec.prometheus.version names; else the one its Prometheus reports
 * (status.observed.prometheusVersion) once known; else in managed mode the one in the tag of
 * spec.stack.prometheus.image; else every supported release. A release outside the supported range
 * is checked as the nearest supported one.
 */
public final class PrometheusTargets {

  public static final String SPEC_VERSION = "spec.prometheus.version";
  public static final String OBSERVED_VERSION = "status.observed.prometheusVersion";
  public static final String STACK_IMAGE = "spec.stack.prometheus.image";

  private PrometheusTargets() {}

  /**
   * The target of a resource, as stored or not yet admitted (a missing field reads as its default).
   *
   * @param reported the version its Prometheus reports, normalised; empty until known or where it
   *     reports none, and where no Prometheus is asked (render)
   */
  public static PrometheusTarget choose(CausalGymMonitoring cr, Optional<String> reported) {
    if (cr.getSpec() == null) {
      return PrometheusTarget.allSupported();
    }
    Optional<PrometheusVersion> named =
        Optional.ofNullable(cr.getSpec().prometheus)
            .map(p -> p.version)
            .filter(v -> !v.isEmpty())
            .flatMap(PrometheusVersion::parse);
    if (named.isPresent()) {
      return nearestSupported(named.get(), SPEC_VERSION);
    }
    Optional<PrometheusVersion> observed = reported.flatMap(PrometheusVersion::parse);
    if (observed.isPresent()) {
      return nearestSupported(observed.get(), OBSERVED_VERSION);
    }
    if (GymPlan.managedStack(cr)) {
      return imageTarget(managedImage(cr));
    }
    return PrometheusTarget.allSupported();
  }

  /**
   * The target of a managed Prometheus image: the version of its tag; a digest-only reference or a
   * tag naming no version (latest, main) could run anything, so every supported release.
   */
  static PrometheusTarget imageTarget(String image) {
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    Optional<PrometheusVersion> tagged =
        colon > slash ? PrometheusVersion.parse(name.substring(colon + 1)) : Optional.empty();
    if (tagged.isEmpty()) {
      PrometheusTarget all = PrometheusTarget.allSupported();
      return new PrometheusTarget(
          all.versions(), STACK_IMAGE + " has no version tag, so " + all.reason());
    }
    return nearestSupported(tagged.get(), STACK_IMAGE);
  }

  /** Whether a release is one whose rules are checked: any patch of a supported minor release. */
  public static boolean supported(PrometheusVersion version) {
    return PrometheusVersion.supportedMinors().contains(version.minorRelease());
  }

  /**
   * What the Observed condition says of a reported release outside the supported range, whose rules
   * are checked as for the nearest supported one; empty for a supported release.
   */
  public static Optional<String> outsideSupported(String reported) {
    return PrometheusVersion.parse(reported)
        .filter(v -> !supported(v))
        .map(
            v ->
                "Prometheus "
                    + v
                    + " is outside the supported "
                    + PrometheusTarget.allSupported().describe()
                    + ": rules are checked for "
                    + nearest(v)
                    + ", the nearest supported release");
  }

  /**
   * An older Prometheus lacks what was added after it, a newer one may have dropped something: the
   * nearest release we know the tables of is the best guess either way, and it is said where.
   */
  private static PrometheusTarget nearestSupported(PrometheusVersion version, String source) {
    if (supported(version)) {
      return PrometheusTarget.of(version, source);
    }
    return PrometheusTarget.of(
        nearest(version),
        source + " " + version + ", outside the supported range, checked as the nearest release");
  }

  /** The newest supported minor release not after it; the oldest for a release before them all. */
  private static PrometheusVersion nearest(PrometheusVersion version) {
    PrometheusVersion nearest = PrometheusVersion.OLDEST;
    for (PrometheusVersion minor : PrometheusVersion.supportedMinors()) {
      if (minor.compareTo(version) <= 0) {
        nearest = minor;
      }
    }
    return nearest;
  }

  private static String managedImage(CausalGymMonitoring cr) {
    StackPrometheusSpec prometheus = cr.getSpec().stack.prometheus;
    return prometheus == null || prometheus.image == null || prometheus.image.isEmpty()
        ? StackPrometheusSpec.IMAGE
        : prometheus.image;
  }
}
