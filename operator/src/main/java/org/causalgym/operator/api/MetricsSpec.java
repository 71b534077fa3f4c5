package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** How the application's metrics are named and how often Prometheus scrapes them. */
@ValidationRule(
    value = "!has(self.scrapeInterval) || duration(self.scrapeInterval) > duration('0s')",
    message = "scrapeInterval must be longer than 0s",
    fieldPath = ".scrapeInterval")
@ValidationRule(
    value =
        "!has(self.scrapeTimeout) || !has(self.scrapeInterval) || duration(self.scrapeTimeout) <= duration(self.scrapeInterval)",
    message = "scrapeTimeout must not exceed scrapeInterval",
    fieldPath = ".scrapeTimeout")
public class MetricsSpec {

  @Pattern(MetricName.PREFIX_PATTERN)
  @Default("causal_gym")
  @JsonPropertyDescription(
      "Prefix of the application's metric names: alerts and dashboards query <prefix>_<name>. Default causal_gym.")
  public String prefix = "causal_gym";

  @Size(min = 1, max = PrometheusDuration.SCRAPE_MAX_LENGTH)
  @Pattern(PrometheusDuration.SCRAPE_PATTERN)
  @Default("10s")
  @JsonPropertyDescription(
      "How often Prometheus scrapes the application, e.g. 10s, 1m, 1m30s. Default 10s.")
  public String scrapeInterval = "10s";

  @Size(min = 1, max = PrometheusDuration.SCRAPE_MAX_LENGTH)
  @Pattern(PrometheusDuration.SCRAPE_PATTERN)
  @Default("5s")
  @JsonPropertyDescription(
      "How long one scrape may take; must not exceed scrapeInterval. Default 5s.")
  public String scrapeTimeout = "5s";

  /**
   * Python's prometheus_client Histogram.DEFAULT_BUCKETS without +Inf (client_python
   * prometheus_client/metrics.py, v0.21): the gym's monitoring library declares its response-time
   * histogram with no buckets of its own.
   */
  public static final List<Double> DEFAULT_RESPONSE_TIME_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  @Size(max = 64)
  @JsonPropertyDescription(
      "The finite le bounds, in seconds, of the gym's <prefix>_response_times histogram; a latency SLO's thresholdSeconds must be one of them. Default Python prometheus_client's: 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10.")
  public List<Double> responseTimeBuckets = new ArrayList<>(DEFAULT_RESPONSE_TIME_BUCKETS);
}
