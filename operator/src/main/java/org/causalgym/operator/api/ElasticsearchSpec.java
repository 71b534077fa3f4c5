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
public class ElasticsearchSpec {

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(
      value =
          "self.all(h, size(h) <= 2048 && h.matches('^https?://[^\\\\s/?#@:]+(:[0-9]{1,5})?/?$'))",
      message =
          "each host must be an http or https URL with a host and, if any, a port, without"
              + " credentials or a path, e.g. https://elasticsearch.logging.svc:9200")
  @JsonPropertyDescription(
      "Elasticsearch URLs, e.g. https://elasticsearch.logging.svc:9200. Required.")
  public List<String> hosts = new ArrayList<>();

  @Default("causal-gym-logs-%{+yyyy.MM.dd}")
  @Size(min = 1, max = 255)
  @JsonPropertyDescription(
      "Index name, with Filebeat's %{+date} format for one index a day; as Elasticsearch accepts names: lower case outside the date format, none of \\\\ / * ? \" < > | , # : or space, not starting with - _ or +. Default causal-gym-logs-%{+yyyy.MM.dd}.")
  public String index = "causal-gym-logs-%{+yyyy.MM.dd}";

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
