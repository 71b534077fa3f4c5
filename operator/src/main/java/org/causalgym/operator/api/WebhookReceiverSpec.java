package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Notifications POSTed as JSON to an HTTP endpoint. */
@ValidationRule(
    value = "has(self.url) != has(self.urlSecret)",
    message = "a webhook has exactly one of url and urlSecret")
public class WebhookReceiverSpec {

  @JsonPropertyDescription(
      "http(s) URL the notifications are POSTed to. Exactly one of url and urlSecret.")
  @Pattern("^https?://[^\\s/]+.*$")
  public String url;

  @JsonPropertyDescription(
      "The URL as a key of a Secret in the same namespace, for URLs that carry a token.")
  public SecretKeyRef urlSecret;
}
