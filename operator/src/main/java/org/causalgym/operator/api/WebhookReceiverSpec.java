package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Notifications POSTed as JSON to an HTTP endpoint. */
public class WebhookReceiverSpec {

  @JsonPropertyDescription("URL the notifications are POSTed to.")
  public String url;
}
