package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** HighMemoryUsage: the application's memory use is above a percentage. */
public class HighMemoryUsageAlertSpec extends AlertSpec {

  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "Memory use in percent (<prefix>_memory_usage_percent) above which the alert fires. Default 90.")
  public double thresholdPercent = 90;

  public HighMemoryUsageAlertSpec() {
    super("2m", "critical");
  }
}
