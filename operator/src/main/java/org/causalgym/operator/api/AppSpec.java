package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;

/** The Causal Interface Gym Deployment: image, replicas, ports, probes, resources and env. */
@ValidationRule(
    value = "!has(self.port) || !has(self.metricsPort) || self.port != self.metricsPort",
    message = "port and metricsPort must differ",
    fieldPath = ".metricsPort")
public class AppSpec {

  @Required
  @Size(min = 1)
  @Pattern("^\\S+$")
  @JsonPropertyDescription(
      "Container image of the Causal Interface Gym, e.g. ghcr.io/causal-gym/causal-interface-gym:0.3.0. Required.")
  public String image;

  @Min(0)
  @Max(Int32.MAX)
  @Default("3")
  @JsonPropertyDescription("Number of pods. Default 3.")
  public int replicas = 3;

  @JsonPropertyDescription(
      "Hands the Deployment's replicas to an autoscaler (a HorizontalPodAutoscaler, KEDA): the operator then sets replicas only when it creates the Deployment and never resets what the autoscaler chose. Default false.")
  public boolean replicasFromAutoscaler;

  @Min(1)
  @Max(65535)
  @Default("5000")
  @JsonPropertyDescription(
      "HTTP port of the application; the health endpoints are served here. Default 5000.")
  public int port = 5000;

  @Min(1)
  @Max(65535)
  @Default("8080")
  @JsonPropertyDescription(
      "Port on which the application exposes Prometheus metrics; must differ from port. Default 8080.")
  public int metricsPort = 8080;

  @Pattern(HttpPath.PATTERN)
  @Default("/metrics")
  @JsonPropertyDescription("HTTP path of the Prometheus exposition. Default /metrics.")
  public String metricsPath = "/metrics";

  @Default("INFO")
  @JsonPropertyDescription(
      "Log level of the application, passed as env LOG_LEVEL: DEBUG, INFO, WARNING, ERROR or CRITICAL. Default INFO.")
  public LogLevel logLevel = LogLevel.INFO;

  @Min(1)
  @Max(Int32.MAX)
  @Default("30")
  @JsonPropertyDescription(
      "Seconds between the application's internal health checks, passed as env HEALTH_CHECK_INTERVAL. Default 30.")
  public int healthCheckIntervalSeconds = 30;

  @JsonMerge
  @JsonPropertyDescription(
      "Liveness probe on the http port. Defaults: path /health/live, initialDelaySeconds 30, periodSeconds 10.")
  public ProbeSpec liveness = ProbeSpec.liveness();

  @JsonMerge
  @JsonPropertyDescription(
      "Readiness probe on the http port. Defaults: path /health/ready, initialDelaySeconds 5, periodSeconds 5.")
  public ProbeSpec readiness = ProbeSpec.readiness();

  @JsonPropertyDescription(
      "Compute resources of the container (core/v1 ResourceRequirements). Default: none set.")
  public ResourceRequirements resources;

  @ListType(value = "map", mapKeys = "name")
  @JsonPropertyDescription(
      "Extra environment variables (core/v1 EnvVar), each name listed once. LOG_LEVEL, METRICS_ENABLED, METRICS_PORT and HEALTH_CHECK_INTERVAL are set by the operator and may not be repeated here.")
  @Size(max = 128)
  public List<EnvVarSpec> env = new ArrayList<>();
}
