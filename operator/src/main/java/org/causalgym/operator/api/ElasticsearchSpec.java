package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Filebeat's Elasticsearch output: hosts, the daily index, and credentials by reference. */
@ValidationRule(
    value = "has(self.password) != has(self.apiKey)",
    message = "exactly one of password and apiKey must be set")
@ValidationRule(
    value = "!has(self.password) || has(self.username)",
    message = "username is required with password")
@ValidationRule(
    // Without index, its daily default applies.
    value = "!has(self.retention) || (has(self.index) && !self.index.contains('%{'))",
    message =
        "must not contain a %{...} format when retention is set: ILM deletes the old backing"
            + " indices of one data stream, never a data stream's write index, so a stream a day"
            + " would never end",
    fieldPath = ".index")
public class ElasticsearchSpec {

  /** Whole days, as Elasticsearch's time units write them (min_age of an ILM phase). */
  static final String RETENTION_PATTERN = "^[1-9][0-9]{0,4}d$";

  /**
   * The open start of a character class of what an index name may hold outside formats: no upper
   * case and none of the characters Elasticsearch refuses; each use adds its own and closes it.
   */
  private static final String INDEX_CHAR = "[^%A-Z\\\\/*?\"<>|,#:\\s";

  /** One of Filebeat's %{...} formats (%{+yyyy.MM.dd}), resolved before Elasticsearch sees it. */
  private static final String INDEX_FORMAT = "%\\{[^}]*\\}";

  /** A run of '%' that opens no format: followed by a name character or a format, or the end. */
  private static final String INDEX_PERCENT = "%+(" + INDEX_CHAR + "{]|" + INDEX_FORMAT + "|$)";

  /**
   * An index name Elasticsearch accepts (lower case, none of \\ / * ? " < > | , # : or white space,
   * not starting with - _ or +) outside Filebeat's formats, every format closed.
   */
  static final String INDEX_PATTERN =
      "^("
          + INDEX_CHAR
          + "\\-_+]|"
          + INDEX_FORMAT
          + "|"
          + INDEX_PERCENT
          + ")("
          + INDEX_CHAR
          + "]|"
          + INDEX_FORMAT
          + "|"
          + INDEX_PERCENT
          + ")*$";

  @Required
  @Size(min = 1, max = 16)
  @JsonPropertyDescription(
      "Elasticsearch URLs: http or https, a host and a port from 1 to 65535 if any, no credentials or path, e.g. https://elasticsearch.logging.svc:9200. Required.")
  public List<
          @Size(max = NetworkAddress.URL_MAX_LENGTH) @Pattern(NetworkAddress.SERVER_URL_PATTERN)
          String>
      hosts = new ArrayList<>();

  @Default("causal-gym-logs-%{+yyyy.MM.dd}")
  @Size(min = 1, max = 255)
  @Pattern(INDEX_PATTERN)
  @ValidationRule(value = "self != '.' && self != '..'", message = "must not be . or ..")
  @JsonPropertyDescription(
      "Index name, with Filebeat's %{+date} format for one index a day; as Elasticsearch accepts names: lower case outside the date format, none of \\\\ / * ? \" < > | , # : or space, not starting with - _ or +. Default causal-gym-logs-%{+yyyy.MM.dd}.")
  public String index = "causal-gym-logs-%{+yyyy.MM.dd}";

  @Size(max = 6)
  @Pattern(RETENTION_PATTERN)
  @JsonPropertyDescription(
      "How long log lines are kept, in whole days (30d). Set: Filebeat installs an ILM policy that rolls the data stream over each day and deletes a backing index this long after its rollover; the index must then be one data stream, without a %{...} format (causal-gym-logs). Default: none, nothing is deleted (a daily index is a data stream a day; docs/using.md gives the command that ends them).")
  public String retention;

  @Size(max = 256)
  @Pattern("^[^\\s]+$")
  @JsonPropertyDescription("User name for basic authentication, with password.")
  public String username;

  @JsonPropertyDescription(
      "Password of username, as a reference to a key of a Secret; never a literal.")
  public SecretKeyRef password;

  @JsonPropertyDescription(
      "An Elasticsearch API key (id:api_key), as a reference to a key of a Secret, instead of username and password.")
  public SecretKeyRef apiKey;

  @JsonPropertyDescription(
      "A PEM CA certificate to verify the servers with, as a reference to a key of a Secret. Default: the system's CAs.")
  public SecretKeyRef caSecret;
}
