package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Prometheus of spec.prometheus.url reports about this resource's scrape job and rule
 * group. Only what Prometheus says is here, no time of the poll: it changes when that changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObservedStatus {

  @JsonPropertyDescription("Targets of this resource's job (job and namespace labels) that are up.")
  public int targetsUp;

  @JsonPropertyDescription("Targets of this resource's job that are down or not yet scraped.")
  public int targetsDown;

  @JsonPropertyDescription("The error of the last failed scrape of a down target, if any.")
  public String lastScrapeError;

  @JsonPropertyDescription("Rules of this resource's rule group that Prometheus has loaded.")
  public int rulesLoaded;

  @JsonPropertyDescription("Loaded rules of the group whose last evaluation failed.")
  public int rulesUnhealthy;

  @JsonPropertyDescription("The error of an unhealthy rule's last evaluation, if any.")
  public String lastRuleError;

  @JsonPropertyDescription("Alerts of the group that are firing, by name, sorted.")
  public List<String> firing = new ArrayList<>();

  @JsonPropertyDescription(
      "The version this Prometheus reports at /api/v1/status/buildinfo, e.g. 3.5.0; alert rules are checked for it unless spec.prometheus.version names one. Absent when it answers none.")
  public String prometheusVersion;

  @JsonPropertyDescription(
      "Per objective of spec.slos, the error budget left and the last hour's burn rate, as its recording rules give them. Absent without objectives.")
  public List<SloStatus> slos;
}
