package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Notifications POSTed as JSON to an HTTP endpoint. */
@ValidationRule(
    value = "has(self.url) != has(self.urlSecret)",
    message = "a webhook has exactly one of url and urlSecret")
@ValidationRule(
    value = "!has(self.url) || !self.url.matches('^[a-z]+://[^/?#]*@')",
    message =
        "must not carry credentials (user:password@): put the whole URL in a Secret and name it"
            + " in urlSecret",
    fieldPath = ".url")
public class WebhookReceiverSpec {

  @JsonPropertyDescription(
      "http(s) URL the notifications are POSTed to: a host, a port from 1 to 65535 if any, a path and a query; no credentials (those belong in urlSecret). Exactly one of url and urlSecret.")
  @Size(max = NetworkAddress.URL_MAX_LENGTH)
  @Pattern(NetworkAddress.ENDPOINT_URL_PATTERN)
  public String url;

  @JsonPropertyDescription(
      "The URL as a key of a Secret in the same namespace, for URLs that carry a token.")
  public SecretKeyRef urlSecret;
}
