package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** E-mail notifications through an SMTP smarthost. */
public class EmailReceiverSpec {

  /** An address with a domain: Alertmanager refuses one without. */
  static final String ADDRESS_PATTERN = "^[^\\s@<>]+@[^\\s@<>.]+(\\.[^\\s@<>.]+)+$";

  @JsonPropertyDescription("Recipient address, e.g. oncall@example.org. Required.")
  @Required
  @Pattern(EmailReceiverSpec.ADDRESS_PATTERN)
  public String to;

  @JsonPropertyDescription("Sender address, e.g. alerts@example.org. Required.")
  @Required
  @Pattern(EmailReceiverSpec.ADDRESS_PATTERN)
  public String from;

  @JsonPropertyDescription("SMTP server as host:port, e.g. smtp.example.org:587. Required.")
  @Required
  @Pattern("^[^\\s:/]+:[0-9]{1,5}$")
  public String smarthost;

  @JsonPropertyDescription("SMTP user name.")
  public String authUsername;

  @JsonPropertyDescription(
      "SMTP password as a reference to a key of a Secret in the same namespace; never a literal.")
  public SecretKeyRef authPassword;

  @JsonPropertyDescription("Whether the SMTP connection must use STARTTLS. Default true.")
  public boolean requireTLS = true;
}
