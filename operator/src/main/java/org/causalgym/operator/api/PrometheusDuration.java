package org.causalgym.operator.api;

import org.causalgym.operator.promql.PromqlDuration;

/**
 * The syntax of the spec's Prometheus durations (such as 1m30s), as the schema states it; their
 * length is {@link PromqlDuration}'s.
 */
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
  public static final String FOR_PATTERN = PromqlDuration.PATTERN;

  private PrometheusDuration() {}
}
