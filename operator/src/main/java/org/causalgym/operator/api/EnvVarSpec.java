package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVarSource;

/**
 * An extra environment variable of the gym's container, as core/v1 EnvVar writes it; its own type
 * so that the CRD can bound the name, which keeps the CEL rules over the list cheap for the API
 * server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.value) && has(self.valueFrom))",
    message = "a variable has value or valueFrom, not both")
@ValidationRule(
    value =
        "!(self.name in ['"
            + EnvVarSpec.ENV_LOG_LEVEL
            + "', '"
            + EnvVarSpec.ENV_METRICS_ENABLED
            + "', '"
            + EnvVarSpec.ENV_METRICS_PORT
            + "', '"
            + EnvVarSpec.ENV_HEALTH_CHECK_INTERVAL
            + "'])",
    message =
        "LOG_LEVEL, METRICS_ENABLED, METRICS_PORT and HEALTH_CHECK_INTERVAL are set by the"
            + " operator from the spec and may not be repeated here",
    fieldPath = ".name")
public class EnvVarSpec {

  // The variables the operator sets from the spec; spec.app.env may not repeat them.
  public static final String ENV_LOG_LEVEL = "LOG_LEVEL";
  public static final String ENV_METRICS_ENABLED = "METRICS_ENABLED";
  public static final String ENV_METRICS_PORT = "METRICS_PORT";
  public static final String ENV_HEALTH_CHECK_INTERVAL = "HEALTH_CHECK_INTERVAL";

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[-._a-zA-Z][-._a-zA-Z0-9]*$")
  @JsonPropertyDescription("Name of the variable: letters, digits, '-', '_' and '.'.")
  public String name;

  @JsonPropertyDescription("Its value; $(VAR) references expand as in core/v1 EnvVar.")
  public String value;

  @JsonPropertyDescription(
      "Where the value comes from instead (core/v1 EnvVarSource: a Secret or ConfigMap key, a field of the pod, a resource of the container).")
  public EnvVarSource valueFrom;

  public EnvVarSpec() {}

  public EnvVarSpec(String name, String value) {
    this.name = name;
    this.value = value;
  }
}
