package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** E-mail notifications through an SMTP smarthost. */
public class EmailReceiverSpec {

  @JsonPropertyDescription("Recipient address. Required.")
  @Required
  public String to;

  @JsonPropertyDescription("Sender address. Required.")
  @Required
  public String from;

  @JsonPropertyDescription("SMTP server as host:port, e.g. smtp.example.org:587. Required.")
  @Required
  public String smarthost;

  @JsonPropertyDescription("SMTP user name.")
  public String authUsername;

  @JsonPropertyDescription(
      "SMTP password as a reference to a key of a Secret in the same namespace; never a literal.")
  public SecretKeyRef authPassword;

  @JsonPropertyDescription("Whether the SMTP connection must use STARTTLS. Default true.")
  public boolean requireTLS = true;
}
