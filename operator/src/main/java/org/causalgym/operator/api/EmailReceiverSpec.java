package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** E-mail notifications through an SMTP smarthost. */
public class EmailReceiverSpec {

  /** An address with a domain: Alertmanager refuses one without. */
  static final String ADDRESS_PATTERN = "^[^\\s@<>]+@[^\\s@<>.]+(\\.[^\\s@<>.]+)+$";

  @JsonPropertyDescription("Recipient address, e.g. oncall@example.org. Required.")
  @Required
  @Size(max = 320)
  @Pattern(EmailReceiverSpec.ADDRESS_PATTERN)
  public String to;

  @JsonPropertyDescription("Sender address, e.g. alerts@example.org. Required.")
  @Required
  @Size(max = 320)
  @Pattern(EmailReceiverSpec.ADDRESS_PATTERN)
  public String from;

  @JsonPropertyDescription(
      "SMTP server as host:port, the port from 1 to 65535, e.g. smtp.example.org:587. Required.")
  @Required
  @Size(max = 512)
  @Pattern(NetworkAddress.HOST_PORT_PATTERN)
  public String smarthost;

  @JsonPropertyDescription("SMTP user name.")
  public String authUsername;

  @JsonPropertyDescription(
      "SMTP password as a reference to a key of a Secret in the same namespace; never a literal.")
  public SecretKeyRef authPassword;

  @JsonPropertyDescription("Whether the SMTP connection must use STARTTLS. Default true.")
  public boolean requireTLS = true;

  /** The design's subject line. */
  public static final String SUBJECT = "Alert: {{ .GroupLabels.alertname }}";

  /** The design's body: each alert's summary and description, as plain text. */
  public static final String TEXT =
      "{{ range .Alerts }}Alert: {{ .Annotations.summary }}\n"
          + "Description: {{ .Annotations.description }}\n"
          + "{{ end }}";

  @Size(min = 1, max = 1024)
  @JsonPropertyDescription(
      "Subject line, an Alertmanager template. Default 'Alert: {{ .GroupLabels.alertname }}'.")
  public String subject = SUBJECT;

  @Size(min = 1, max = 16384)
  @JsonPropertyDescription(
      "Plain-text body, an Alertmanager template. Default: 'Alert: <summary>' and 'Description: <description>' lines for each alert of the notification.")
  public String text = TEXT;
}
