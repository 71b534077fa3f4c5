package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A named notification target: exactly one of e-mail, webhook or Slack. */
@ValidationRule(
    value =
        "(has(self.email) ? 1 : 0) + (has(self.webhook) ? 1 : 0) + (has(self.slack) ? 1 : 0) == 1",
    message = "a receiver has exactly one of email, webhook, slack")
public class ReceiverSpec {

  @Required
  @JsonPropertyDescription("Name of the receiver, unique within the resource; not \"null\".")
  public String name;

  @JsonPropertyDescription("Send notifications by e-mail.")
  public EmailReceiverSpec email;

  @JsonPropertyDescription("Send notifications to an HTTP webhook.")
  public WebhookReceiverSpec webhook;

  @JsonPropertyDescription("Send notifications to Slack.")
  public SlackReceiverSpec slack;
}
