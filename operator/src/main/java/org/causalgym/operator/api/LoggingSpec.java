package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The gym's JSON log file shipped to Elasticsearch by a Filebeat sidecar, as the design's ELK
 * section asks: one index a day, a service field, the pod's Kubernetes metadata.
 */
@ValidationRule(
    value = "!has(self.enabled) || !self.enabled || has(self.elasticsearch)",
    message = "elasticsearch is required when logging is enabled")
public class LoggingSpec {

  @JsonPropertyDescription(
      "Whether the log file is shipped: LOG_FILE, a volume and a Filebeat sidecar in the gym's pods and ConfigMap <name>-filebeat. Default false.")
  public boolean enabled = false;

  @Default("/var/log/causal-gym/app.log")
  @Size(min = 2, max = 1024)
  @Pattern("^/([^/\\s]+/)+[^/\\s]+$")
  @JsonPropertyDescription(
      "Absolute path of the gym's JSON log file, in a directory, passed as env LOG_FILE; its directory is an emptyDir shared with Filebeat. Default /var/log/causal-gym/app.log.")
  public String file = "/var/log/causal-gym/app.log";

  @Default("1Gi")
  @Size(min = 1, max = 64)
  @Pattern(ResourceQuantity.POSITIVE_PATTERN)
  @JsonPropertyDescription(
      "Size limit of the emptyDir that holds the log file, a Kubernetes quantity above zero. Default 1Gi.")
  public String volumeSizeLimit = "1Gi";

  @JsonPropertyDescription("Where Filebeat sends the log lines. Required when enabled.")
  public ElasticsearchSpec elasticsearch;

  @JsonPropertyDescription("The Filebeat sidecar: image and resources.")
  public FilebeatSpec filebeat = new FilebeatSpec();
}
