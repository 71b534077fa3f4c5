package org.causalgym.operator.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus release as major.minor.patch: the unit the PromQL and template tables are kept by.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 */
public record PrometheusVersion(int major, int minor, int patch)
    implements Comparable<PrometheusVersion> {

  /** The oldest release whose PromQL and templates are checked (Debian's promtool). */
  public static final PrometheusVersion OLDEST = new PrometheusVersion(2, 42, 0);

  /** The newest release whose PromQL and templates are checked (the managed stack's). */
  public static final PrometheusVersion NEWEST = new PrometheusVersion(3, 5, 0);

  /** The last minor release of Prometheus 2 (2.55); 3.0 follows it. */
  private static final int LAST_MINOR_OF_2 = 55;

  /**
   * A version as Prometheus' buildinfo, an image tag or a person writes it: an optional "v",
   * major.minor, an optional .patch, then anything ("-rc.0", "+dedupelabels") ignored.
   */
  private static final Pattern TEXT =
      Pattern.compile("^v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?");

  /** Every supported minor release, oldest first, as x.y.0. */
  public static List<PrometheusVersion> supportedMinors() {
    List<PrometheusVersion> minors = new ArrayList<>();
    for (int minor = OLDEST.minor; minor <= LAST_MINOR_OF_2; minor++) {
      minors.add(new PrometheusVersion(2, minor, 0));
    }
    for (int minor = 0; minor <= NEWEST.minor; minor++) {
      minors.add(new PrometheusVersion(3, minor, 0));
    }
    return minors;
  }

  /** The version a text names, or empty when it names none. */
  public static Optional<PrometheusVersion> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = TEXT.matcher(text.strip());
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new PrometheusVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
  }

  /** The same release line without its patch: x.y.0. */
  public PrometheusVersion minorRelease() {
    return new PrometheusVersion(major, minor, 0);
  }

  @Override
  public int compareTo(PrometheusVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    return c != 0 ? c : Integer.compare(patch, other.patch);
  }

  /** major.minor, as the README and messages name a release line. */
  public String minorText() {
    return major + "." + minor;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
