package org.causalgym.operator.api;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;

/** Prometheus duration strings (such as 1m30s) as the spec accepts them, and their length. */
public final class PrometheusDuration {

  /**
   * A scrape interval or timeout: the units that both Prometheus and CEL's duration() understand,
   * so the CRD can compare the two, with few enough digits that the sum stays below the longest
   * duration CEL holds (about 2,562,047 hours, cel-go's int64 nanoseconds; beyond, duration() fails
   * the rule with "invalid duration range" instead of naming the field).
   */
  public static final String SCRAPE_PATTERN =
      "^([0-9]{1,5}h)?([0-9]{1,7}m)?([0-9]{1,9}s)?([0-9]{1,12}ms)?$";

  /** The longest string {@link #SCRAPE_PATTERN} lets through. */
  public static final int SCRAPE_MAX_LENGTH = 38;

  /** How long an alert must hold, in Prometheus' full duration syntax (y, w, d, h, m, s, ms). */
  public static final String FOR_PATTERN =
      "^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$";

  private static final java.util.regex.Pattern PARTS =
      java.util.regex.Pattern.compile("([0-9]+)(ms|y|w|d|h|m|s)");

  private PrometheusDuration() {}

  /** The longest duration Prometheus (Go's time.Duration, in nanoseconds) can hold, ~292 years. */
  public static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * Whether a duration of the spec's syntax is one Prometheus can hold; a number too large for any
   * type is out of range too, never an exception.
   */
  public static boolean inRange(String text) {
    return parse(text).isPresent();
  }

  /** The length of a duration of the spec's syntax, or empty where Prometheus cannot hold it. */
  public static Optional<Duration> parse(String text) {
    BigInteger total = BigInteger.ZERO;
    Matcher m = PARTS.matcher(text);
    while (m.find()) {
      total = total.add(new BigInteger(m.group(1)).multiply(nanos(m.group(2))));
    }
    return total.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0
        ? Optional.of(Duration.ofNanos(total.longValueExact()))
        : Optional.empty();
  }

  private static BigInteger nanos(String unit) {
    Duration one =
        switch (unit) {
          case "y" -> Duration.ofDays(365);
          case "w" -> Duration.ofDays(7);
          case "d" -> Duration.ofDays(1);
          case "h" -> Duration.ofHours(1);
          case "m" -> Duration.ofMinutes(1);
          case "s" -> Duration.ofSeconds(1);
          default -> Duration.ofMillis(1);
        };
    return BigInteger.valueOf(one.toNanos());
  }
}
