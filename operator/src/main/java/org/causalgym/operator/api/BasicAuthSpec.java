package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** HTTP basic authentication: a literal user name and a password referenced in a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BasicAuthSpec {

  @JsonPropertyDescription("User name, e.g. viewer; a user name is no secret. Required.")
  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[^:]+$")
  public String username;

  @JsonPropertyDescription(
      "The password, as a Secret key, e.g. {name: prom-basic, key: password}; never a literal. Required.")
  @Required
  public SecretKeyRef password;

  public BasicAuthSpec() {}

  public BasicAuthSpec(String username, SecretKeyRef password) {
    this.username = username;
    this.password = password;
  }
}
