package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A named notification target: exactly one of e-mail, webhook or Slack. */
@ValidationRule(
    value =
        "(has(self.email) ? 1 : 0) + (has(self.webhook) ? 1 : 0) + (has(self.slack) ? 1 : 0) == 1",
    message = "a receiver has exactly one of email, webhook, slack")
@ValidationRule(
    value = "self.name != '" + ReceiverSpec.NULL_RECEIVER + "'",
    message = "\"null\" is the operator's own receiver for dropped alerts",
    fieldPath = ".name")
public class ReceiverSpec {

  /** The receiver the operator routes what no receiver wants to. */
  public static final String NULL_RECEIVER = "null";

  @Required
  @Size(max = 63)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  @JsonPropertyDescription(
      "Name of the receiver: letters, digits, '.', '_' or '-'; unique within the resource; not \"null\", the operator's receiver for dropped alerts.")
  public String name;

  @JsonPropertyDescription("Send notifications by e-mail.")
  public EmailReceiverSpec email;

  @JsonPropertyDescription("Send notifications to an HTTP webhook.")
  public WebhookReceiverSpec webhook;

  @JsonPropertyDescription("Send notifications to Slack.")
  public SlackReceiverSpec slack;
}
