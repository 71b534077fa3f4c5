package org.causalgym.operator.observe;

import java.time.Duration;

/**
 * How the Prometheus servers that resources name are polled.
 *
 * @param interval how often each is asked what it scrapes and evaluates
 * @param urlPolicy which URLs may be asked at all
 */
public record PollSettings(Duration interval, UrlPolicy urlPolicy) {

  /** A minute: Prometheus' own default evaluation interval, and no load on it. */
  public static final Duration INTERVAL = Duration.ofSeconds(60);

  public PollSettings {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the Prometheus poll interval must be positive");
    }
  }

  /** The production settings: in-cluster Service names only ({@link UrlPolicy#DEFAULT}). */
  public static PollSettings defaults() {
    return new PollSettings(INTERVAL, UrlPolicy.defaults());
  }

  /** The same settings polling at another interval. */
  public PollSettings withInterval(Duration every) {
    return new PollSettings(every, urlPolicy);
  }

  /** The same settings with another URL policy. */
  public PollSettings withUrlPolicy(UrlPolicy policy) {
    return new PollSettings(interval, policy);
  }
}
