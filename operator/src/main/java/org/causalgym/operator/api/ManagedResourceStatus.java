package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One object the resource becomes, and whether the operator applied it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedResourceStatus {

  /** Applied: in its desired state. Skipped: deliberately not created, see reason. */
  public enum State {
    Applied,
    Skipped
  }

  @JsonPropertyDescription("Kind of the object, e.g. ServiceMonitor.")
  public String kind;

  @JsonPropertyDescription("Name of the object in the resource's namespace.")
  public String name;

  @JsonPropertyDescription("Applied or Skipped.")
  public State state;

  @JsonPropertyDescription("Why the object was skipped.")
  public String reason;

  public ManagedResourceStatus() {}

  public ManagedResourceStatus(String kind, String name, State state, String reason) {
    this.kind = kind;
    this.name = name;
    this.state = state;
    this.reason = reason;
  }
}
