package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A service level indicator: the ratio of bad events to all events, from one of four sources. */
@ValidationRule(
    value =
        "(has(self.availability) ? 1 : 0) + (has(self.latency) ? 1 : 0) + (has(self.uptime) ? 1 : 0) + (has(self.custom) ? 1 : 0) == 1",
    message = "an sli has exactly one of availability, latency, uptime, custom")
public class SliSpec {

  /** The placeholder of a custom query that each recording rule replaces by its window. */
  public static final String WINDOW_PLACEHOLDER = "{{.window}}";

  @JsonPropertyDescription(
      "Errors per response: <prefix>_errors over <prefix>_response_times_count, from the gym's own metrics. Written as {}.")
  public Availability availability;

  @JsonPropertyDescription(
      "Responses slower than a threshold per response, from the <prefix>_response_times histogram.")
  public Latency latency;

  @JsonPropertyDescription(
      "Failed scrapes per scrape of the gym's targets (Prometheus' up series). Written as {}.")
  public Uptime uptime;

  @JsonPropertyDescription(
      "Your own error and total queries, each with the window placeholder {{.window}} in its range selectors.")
  public Custom custom;

  // Any Jackson annotation lets Jackson write an object without properties as {} instead of
  // failing (BeanSerializerFactory: a class with known annotations gets an empty serializer).
  /** Errors per response. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Availability {}

  /** Responses slower than a threshold per response. */
  public static class Latency {
    @Required
    @JsonPropertyDescription(
        "A response slower than this many seconds is an error. Must be one of spec.metrics.responseTimeBuckets, the le bounds of the gym's histogram.")
    public double thresholdSeconds;
  }

  /** Failed scrapes per scrape. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Uptime {}

  /** A ratio of two queries of the user's. */
  public static class Custom {
    @Required
    @Size(min = 1)
    @Pattern("\\S")
    @JsonPropertyDescription(
        "PromQL counting bad events per second over the window, e.g. sum(rate(my_failures_total{job=\"gym\"}[{{.window}}])). Summed, then divided by totalQuery.")
    public String errorQuery;

    @Required
    @Size(min = 1)
    @Pattern("\\S")
    @JsonPropertyDescription(
        "PromQL counting all events per second over the window, e.g. sum(rate(my_requests_total{job=\"gym\"}[{{.window}}])).")
    public String totalQuery;
  }
}
