package org.causalgym.operator.observe;

import java.time.Duration;

/**
 * How the Prometheus servers that resources name are polled.
 *
 * @param interval how often each is asked what it scrapes and evaluates
 * @param urlPolicy which URLs may be asked at all
 * @param timeout the deadline of one poll of one Prometheus, all its requests together: connect,
 *     headers and the whole body
 * @param maxResponseBytes the most bytes read of one answer; a larger one is not read further
 * @param threads how many Prometheus servers are polled at once
 */
public record PollSettings(
    Duration interval, UrlPolicy urlPolicy, Duration timeout, long maxResponseBytes, int threads) {

  /** A minute: Prometheus' own default evaluation interval, and no load on it. */
  public static final Duration INTERVAL = Duration.ofSeconds(60);

  /** Ten seconds: Prometheus' own default scrape timeout; a healthy API answers far sooner. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * 16 MiB: several times the /api/v1/targets of a large kube-prometheus-stack without its
   * discovered labels, which are skipped as they stream; a fraction of the operator's heap.
   */
  public static final long MAX_RESPONSE_BYTES = 16L << 20;

  /** Four: a blackholed URL holds one of them up to the timeout, the others go on. */
  public static final int THREADS = 4;

  public PollSettings {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the Prometheus poll interval must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the Prometheus poll timeout must be positive");
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("the Prometheus response size limit must be positive");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("at least one Prometheus poll thread is needed");
    }
  }

  /** The production settings: in-cluster Service names only ({@link UrlPolicy#DEFAULT}). */
  public static PollSettings defaults() {
    return new PollSettings(INTERVAL, UrlPolicy.defaults(), TIMEOUT, MAX_RESPONSE_BYTES, THREADS);
  }

  /** The same settings polling at another interval. */
  public PollSettings withInterval(Duration every) {
    return new PollSettings(every, urlPolicy, timeout, maxResponseBytes, threads);
  }

  /** The same settings with another URL policy. */
  public PollSettings withUrlPolicy(UrlPolicy policy) {
    return new PollSettings(interval, policy, timeout, maxResponseBytes, threads);
  }

  /** The same settings with another deadline per poll. */
  public PollSettings withTimeout(Duration deadline) {
    return new PollSettings(interval, urlPolicy, deadline, maxResponseBytes, threads);
  }

  /** The same settings reading at most bytes of an answer. */
  public PollSettings withMaxResponseBytes(long bytes) {
    return new PollSettings(interval, urlPolicy, timeout, bytes, threads);
  }

  /** The same settings polling at most count servers at once. */
  public PollSettings withThreads(int count) {
    return new PollSettings(interval, urlPolicy, timeout, maxResponseBytes, count);
  }
}
