package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The Filebeat sidecar: image and resources. */
public class FilebeatSpec {

  /** A current Filebeat 8, pinned. */
  public static final String IMAGE = "docker.elastic.co/beats/filebeat:8.19.2";

  @Default(IMAGE)
  @Size(min = 1, max = 512)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("Container image of Filebeat 8. Default " + IMAGE + ".")
  public String image = IMAGE;

  @JsonPropertyDescription(
      "Compute resources of the Filebeat container. Default: requests cpu 10m, memory 64Mi; limits memory 200Mi.")
  public ResourceRequirements resources;
}
