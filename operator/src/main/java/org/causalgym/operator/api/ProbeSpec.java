package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** An HTTP probe of the application on its http port. */
public class ProbeSpec {

  @Pattern(HttpPath.PATTERN)
  @JsonPropertyDescription("HTTP path the kubelet requests on the http port.")
  public String path;

  @Min(0)
  @Max(Int32.MAX)
  @JsonPropertyDescription("Seconds after the container starts before the first probe.")
  public int initialDelaySeconds;

  @Min(1)
  @Max(Int32.MAX)
  @JsonPropertyDescription("Seconds between probes.")
  public int periodSeconds;

  @Min(1)
  @Max(Int32.MAX)
  @JsonPropertyDescription("Seconds after which one probe counts as failed. Default 1.")
  public int timeoutSeconds = 1;

  @Min(1)
  @Max(Int32.MAX)
  @JsonPropertyDescription("Consecutive failures after which the probe fails. Default 3.")
  public int failureThreshold = 3;

  public ProbeSpec() {}

  private ProbeSpec(String path, int initialDelaySeconds, int periodSeconds) {
    this.path = path;
    this.initialDelaySeconds = initialDelaySeconds;
    this.periodSeconds = periodSeconds;
  }

  /** The default liveness probe: /health/live after 30 s, every 10 s. */
  public static ProbeSpec liveness() {
    return new ProbeSpec("/health/live", 30, 10);
  }

  /** The default readiness probe: /health/ready after 5 s, every 5 s. */
  public static ProbeSpec readiness() {
    return new ProbeSpec("/health/ready", 5, 5);
  }
}
