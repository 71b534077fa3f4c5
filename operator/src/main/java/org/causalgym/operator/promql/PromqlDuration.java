package org.causalgym.operator.promql;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus' duration strings (such as 1m30s) and their length: model.ParseDuration of
 * github.com/prometheus/common, which rule files and PromQL both use.
 */
public final class PromqlDuration {

  /** The full syntax (y, w, d, h, m, s, ms, each unit at most once and in this order), or 0. */
  public static final String PATTERN =
      "^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$";

  private static final Pattern PARTS = Pattern.compile("([0-9]+)(ms|y|w|d|h|m|s)");

  private PromqlDuration() {}

  /**
   * Whether a duration of {@link #PATTERN}'s syntax is one Prometheus (Go's time.Duration, in
   * nanoseconds, ~292 years) can hold; a number too large for any type is out of range too, never
   * an exception.
   */
  public static boolean inRange(String text) {
    return parse(text).isPresent();
  }

  /**
   * The length of a duration of {@link #PATTERN}'s syntax, or empty where Prometheus cannot hold
   * it.
   */
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
