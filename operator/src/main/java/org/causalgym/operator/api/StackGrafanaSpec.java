package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The managed Grafana: image, admin credentials and resources. */
public class StackGrafanaSpec {

  /** A current Grafana, pinned. */
  public static final String IMAGE = "docker.io/grafana/grafana:12.1.1";

  @Default(IMAGE)
  @Size(min = 1, max = 512)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("Container image of Grafana. Default " + IMAGE + ".")
  public String image = IMAGE;

  @Size(max = 253)
  @Pattern("^$|^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of a Secret in the namespace with keys admin-user and admin-password (the Grafana chart's convention); empty: the operator generates Secret <name>-grafana with user admin and a random password, kept across reconciles. Default empty.")
  public String adminSecret = "";

  @JsonPropertyDescription(
      "Compute resources of the Grafana container. Default: requests cpu 50m, memory 128Mi; limits memory 512Mi.")
  public ResourceRequirements resources;
}
