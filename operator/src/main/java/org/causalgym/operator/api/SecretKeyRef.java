package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A key of a Secret in the resource's namespace. Credentials are only ever referenced: a literal
 * string in its place is read, dropped on the spot and reported as a spec error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {

  /** What is said of a literal where a reference belongs, wherever it is found. */
  public static final String NEVER_A_LITERAL =
      "must reference a Secret key ({name: <secret>, key: <key>}), never a literal value";

  @JsonPropertyDescription("Name of the Secret, in the namespace of the CausalGymMonitoring.")
  @Required
  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  public String name;

  @JsonPropertyDescription("Key within the Secret: letters, digits, '-', '_' or '.'.")
  @Required
  @Size(max = 253)
  @Pattern("^[-._a-zA-Z0-9]+$")
  public String key;

  /** Set when the spec held a literal where this reference belongs; the literal is not kept. */
  @JsonIgnore public boolean literalGiven;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  /**
   * Jackson calls this for a plain string: the API server's schema refuses one, but a cluster
   * without schema enforcement must not make the whole resource unreadable, nor keep the value.
   */
  @JsonCreator
  public static SecretKeyRef fromLiteral(String ignoredLiteral) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.literalGiven = true;
    return ref;
  }
}
