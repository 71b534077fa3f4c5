package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** E-mail notifications through an SMTP smarthost. */
public class EmailReceiverSpec {

  @JsonPropertyDescription("Recipient address.")
  public String to;

  @JsonPropertyDescription("Sender address.")
  public String from;

  @JsonPropertyDescription("SMTP server as host:port, e.g. smtp.example.org:587.")
  public String smarthost;

  @JsonPropertyDescription("SMTP user name.")
  public String authUsername;

  @JsonPropertyDescription(
      "SMTP password as a reference to a key of a Secret in the same namespace; never a literal.")
  public SecretKeySelector authPassword;
}
