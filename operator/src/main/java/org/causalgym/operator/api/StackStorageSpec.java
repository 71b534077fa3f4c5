package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The managed Prometheus' storage: an emptyDir, or a volume claim of a size and class. */
public class StackStorageSpec {

  @Size(max = 64)
  @Pattern("^$|" + ResourceQuantity.POSITIVE_PATTERN)
  @JsonPropertyDescription(
      "Size of a PersistentVolumeClaim for the samples, a Kubernetes quantity above zero such as 20Gi; empty keeps them in an emptyDir. Default empty.")
  public String size = "";

  @Size(max = 253)
  @JsonPropertyDescription(
      "Storage class of the claim; empty uses the cluster's default class. Default empty.")
  public String storageClassName = "";
}
