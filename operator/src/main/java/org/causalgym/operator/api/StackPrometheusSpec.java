package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The managed Prometheus: image, retention, storage and resources. */
public class StackPrometheusSpec {

  /** A current Prometheus, pinned; its config auto-reload applies threshold edits. */
  public static final String IMAGE = "quay.io/prometheus/prometheus:v3.5.0";

  @Default(IMAGE)
  @Size(min = 1, max = 512)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription(
      "Container image of Prometheus (3.x: its configuration auto-reload applies edits). Default "
          + IMAGE
          + ".")
  public String image = IMAGE;

  @Default("15d")
  @Size(min = 1, max = 64)
  @Pattern(PrometheusDuration.FOR_PATTERN)
  @ValidationRule(value = "self.matches('[1-9]')", message = "must be a duration above zero")
  @JsonPropertyDescription(
      "How long samples are kept (--storage.tsdb.retention.time). Default 15d.")
  public String retention = "15d";

  @JsonPropertyDescription(
      "Where samples are stored: an emptyDir (lost with the pod) unless size is set, then a PersistentVolumeClaim per replica of a StatefulSet.")
  public StackStorageSpec storage = new StackStorageSpec();

  @JsonPropertyDescription(
      "Compute resources of the Prometheus container. Default: requests cpu 100m, memory 256Mi; limits memory 1Gi.")
  public ResourceRequirements resources;
}
