package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Notifications to a Slack channel through an incoming-webhook URL. */
public class SlackReceiverSpec {

  @JsonPropertyDescription(
      "The Slack incoming-webhook URL as a key of a Secret in the same namespace. Required.")
  @Required
  public SecretKeyRef apiURL;

  @JsonPropertyDescription("Channel to post to, e.g. #alerts; default: the webhook's own channel.")
  public String channel;
}
