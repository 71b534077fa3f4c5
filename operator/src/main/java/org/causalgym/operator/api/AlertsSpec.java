package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert rules of the PrometheusRule: three built-in ones (and PodEvicted while logging is on)
 * and any number of additional ones.
 */
public class AlertsSpec {

  @JsonMerge
  @JsonPropertyDescription(
      "HighErrorRate: rate(<prefix>_errors[5m]) > threshold. Defaults: enabled, threshold 0.1, for 5m, severity warning.")
  public HighErrorRateAlertSpec highErrorRate = new HighErrorRateAlertSpec();

  @JsonMerge
  @JsonPropertyDescription(
      "HighMemoryUsage: <prefix>_memory_usage_percent > thresholdPercent. Defaults: enabled, thresholdPercent 90, for 2m, severity critical.")
  public HighMemoryUsageAlertSpec highMemoryUsage = new HighMemoryUsageAlertSpec();

  @JsonMerge
  @JsonPropertyDescription(
      "ServiceDown: the scrape target reports up == 0 or has vanished. Defaults: enabled, for 1m, severity critical.")
  public ServiceDownAlertSpec serviceDown = new ServiceDownAlertSpec();

  @ListType(value = "map", mapKeys = "name")
  @JsonPropertyDescription(
      "Free-form alert rules, each with a unique name, validated like the built-in ones. Default: none.")
  @Size(max = 128)
  public List<AdditionalAlertSpec> additional = new ArrayList<>();
}
