package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A named notification target: e-mail or webhook. */
public class ReceiverSpec {

  @Required
  @JsonPropertyDescription("Name of the receiver, unique within the resource.")
  public String name;

  @JsonPropertyDescription("Send notifications by e-mail.")
  public EmailReceiverSpec email;

  @JsonPropertyDescription("Send notifications to an HTTP webhook.")
  public WebhookReceiverSpec webhook;
}
