package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** HighErrorRate: the application reports more errors per second than the threshold. */
public class HighErrorRateAlertSpec extends AlertSpec {

  @Min(0)
  @JsonPropertyDescription(
      "Errors per second (rate of <prefix>_errors over 5m) above which the alert fires. Default 0.1.")
  public double threshold = 0.1;

  public HighErrorRateAlertSpec() {
    super("5m", "warning");
  }
}
