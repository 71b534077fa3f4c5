package org.causalgym.operator.api;

import java.time.Duration;
import java.util.regex.Matcher;

/** Prometheus duration strings (such as 1m30s) as the spec accepts them, and their length. */
public final class PrometheusDuration {

  /**
   * A scrape interval or timeout: the units that both Prometheus and CEL's duration() understand,
   * so the CRD can compare the two.
   */
  public static final String SCRAPE_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$";

  /** How long an alert must hold, in Prometheus' full duration syntax (y, w, d, h, m, s, ms). */
  public static final String FOR_PATTERN =
      "^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$";

  private static final java.util.regex.Pattern PARTS =
      java.util.regex.Pattern.compile("([0-9]+)(ms|y|w|d|h|m|s)");

  private PrometheusDuration() {}

  /** Whether text is a duration in Prometheus' full syntax with at least one unit or plain 0. */
  public static boolean isValid(String text) {
    return text != null && !text.isEmpty() && text.matches(FOR_PATTERN);
  }

  /** The length of a valid duration; call {@link #isValid} first. */
  public static Duration parse(String text) {
    Duration total = Duration.ZERO;
    Matcher m = PARTS.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "y" -> Duration.ofDays(365 * n);
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
              });
    }
    return total;
  }
}
