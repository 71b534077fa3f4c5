package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a ConfigMap or Secret in the resource's namespace holding PEM CA certificates. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaRef {

  /** Where a CA bundle may be kept. */
  public enum Kind {
    ConfigMap,
    Secret
  }

  @JsonPropertyDescription(
      "Name of the ConfigMap or Secret, in the namespace of the CausalGymMonitoring, e.g. openshift-service-ca.crt.")
  @Required
  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  public String name;

  @JsonPropertyDescription(
      "Key holding one or more PEM certificates, e.g. service-ca.crt or ca.crt: letters, digits, '-', '_' or '.'.")
  @Required
  @Size(max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  public String key;

  @JsonPropertyDescription(
      "ConfigMap or Secret. Default ConfigMap: CA certificates are public, and OpenShift's service-CA injection and cert-manager's trust-manager write ConfigMaps.")
  public Kind kind;

  public CaRef() {}

  public CaRef(String name, String key, Kind kind) {
    this.name = name;
    this.key = key;
    this.kind = kind;
  }

  /** The kind, ConfigMap when unset. */
  public Kind kindOrDefault() {
    return kind == null ? Kind.ConfigMap : kind;
  }
}
