package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The managed Alertmanager: image and resources. */
public class StackAlertmanagerSpec {

  /** A current Alertmanager, pinned. */
  public static final String IMAGE = "quay.io/prometheus/alertmanager:v0.28.1";

  @Default(IMAGE)
  @Size(min = 1, max = 512)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("Container image of Alertmanager. Default " + IMAGE + ".")
  public String image = IMAGE;

  @JsonPropertyDescription(
      "Compute resources of the Alertmanager container. Default: requests cpu 10m, memory 64Mi; limits memory 256Mi.")
  public ResourceRequirements resources;
}
