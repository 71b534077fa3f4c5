package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * filebeat.yml does what the design's pipeline asks, with options Filebeat 8 documents (no Filebeat
 * binary can be installed here, so the options are checked against its reference: filestream input,
 * ndjson parser, Elasticsearch output, template and ILM settings), and the sidecar gives it what it
 * reads: the log file, the environment variables it names, credentials only from Secrets.
 */
class FilebeatConfigTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  /** Filebeat 8's documented top-level settings that the operator may write. */
  private static final Set<String> TOP_LEVEL =
      Set.of(
          "filebeat.inputs",
          "output.elasticsearch",
          "setup.template.name",
          "setup.template.pattern",
          "setup.ilm.enabled",
          "setup.ilm.policy_name",
          "setup.ilm.policy_file",
          "setup.ilm.overwrite");

  /** Options of the filestream input (Filebeat 8 reference). */
  private static final Set<String> FILESTREAM =
      Set.of("type", "id", "paths", "parsers", "fields", "fields_under_root", "tags", "processors");

  /** Options of the ndjson parser (Filebeat 8 reference). */
  private static final Set<String> NDJSON =
      Set.of(
          "target",
          "overwrite_keys",
          "expand_keys",
          "add_error_key",
          "message_key",
          "document_id",
          "ignore_decoding_error");

  /** Options of the Elasticsearch output used here (Filebeat 8 reference). */
  private static final Set<String> ELASTICSEARCH =
      Set.of("hosts", "index", "username", "password", "api_key", "ssl.certificate_authorities");

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)}");

  static Stream<CausalGymMonitoring> withLogging() {
    return Stream.of(
            Repository.samples().resolve("logging.yaml"),
            Repository.testResource("logging-apikey.yaml"))
        .map(Repository::resource)
        .map(cr -> SpecValidator.check(cr).admitted());
  }

  private static JsonNode filebeatYml(CausalGymMonitoring cr) throws IOException {
    return YAML.readTree(
        FilebeatModel.configMap(GymPlan.of(cr, ServedKinds.nothing()))
            .getData()
            .get(FilebeatModel.CONFIG_KEY));
  }

  private static Container sidecar(PodSpec pod) {
    return pod.getContainers().stream()
        .filter(c -> c.getName().equals("filebeat"))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("withLogging")
  void theConfigurationShipsTheNdjsonFileToTheDailyIndex(CausalGymMonitoring cr)
      throws IOException {
    JsonNode config = filebeatYml(cr);
    assertThat(iterable(config.fieldNames())).isSubsetOf(TOP_LEVEL);

    JsonNode input = config.at("/filebeat.inputs/0");
    assertThat(config.path("filebeat.inputs")).hasSize(1);
    assertThat(iterable(input.fieldNames())).isSubsetOf(FILESTREAM);
    assertThat(input.path("type").asText())
        .as("filestream: the log input is deprecated in Filebeat 8")
        .isEqualTo("filestream");
    assertThat(input.path("id").asText()).isNotBlank();
    assertThat(input.path("paths"))
        .extracting(JsonNode::asText)
        .containsExactly(cr.getSpec().logging.file);
    JsonNode ndjson = input.at("/parsers/0/ndjson");
    assertThat(iterable(ndjson.fieldNames())).isSubsetOf(NDJSON);
    assertThat(ndjson.path("add_error_key").asBoolean()).isTrue();
    assertThat(input.path("fields_under_root").asBoolean()).isTrue();
    assertThat(input.at("/fields/service/name").asText()).isEqualTo("causal-interface-gym");
    assertThat(input.at("/fields/kubernetes/namespace").asText()).isEqualTo("${POD_NAMESPACE}");
    assertThat(input.at("/fields/kubernetes/pod/name").asText()).isEqualTo("${POD_NAME}");
    assertThat(input.at("/fields/kubernetes/causal_gym_monitoring").asText())
        .isEqualTo(cr.getMetadata().getName());

    JsonNode output = config.path("output.elasticsearch");
    assertThat(iterable(output.fieldNames())).isSubsetOf(ELASTICSEARCH);
    assertThat(output.path("hosts"))
        .extracting(JsonNode::asText)
        .containsExactlyElementsOf(cr.getSpec().logging.elasticsearch.hosts);
    String index = cr.getSpec().logging.elasticsearch.index;
    assertThat(output.path("index").asText()).isEqualTo(index).contains("%{+");
    // Filebeat 8 refuses a custom index without its own template name and pattern, with ILM on.
    String pattern = config.path("setup.template.pattern").asText();
    assertThat(pattern).endsWith("*");
    assertThat(index.replaceAll("%\\{[^}]*}", "x"))
        .as("the template pattern covers every daily index")
        .matches(Pattern.quote(pattern.substring(0, pattern.length() - 1)) + ".*");
    assertThat(config.path("setup.template.name").asText()).isNotBlank();
    assertThat(config.path("setup.ilm.enabled").asBoolean(true))
        .as("no retention: ILM off, as Filebeat 8 requires for a daily custom index")
        .isFalse();
  }

  /**
   * A gym log line with keys that ECS defines otherwise: a structlog "event" string, a "log"
   * string, a "service" string, a "host" string, a non-date "@timestamp", an "error" string.
   */
  private static final String HOSTILE_GYM_LINE =
      "{\"@timestamp\": \"yesterday\", \"event\": \"step done\", \"log\": \"app\","
          + " \"service\": \"gym\", \"host\": \"node-7\", \"error\": \"none\","
          + " \"level\": \"info\", \"message\": \"ok\", \"reward\": 0.25}";

  /** What the ndjson parser's add_error_key writes for a line that is not JSON. */
  private static final String DECODING_ERROR =
      "{\"error\": {\"message\": \"Error decoding JSON: invalid character\", \"type\": \"json\"}}";

  private static final FilebeatTemplateFields TEMPLATE = FilebeatTemplateFields.load();

  @ParameterizedTest
  @MethodSource("withLogging")
  void everyAddedFieldHasATypeTheIndexTemplateAccepts(CausalGymMonitoring cr) throws IOException {
    JsonNode input = filebeatYml(cr).at("/filebeat.inputs/0");
    // fields_under_root: the input's fields are written at the event's root.
    JsonNode added = input.path("fields");
    assertThat(TEMPLATE.clashes(added)).isEmpty();
    assertThat(TEMPLATE.type("service.name")).isEqualTo("keyword");
    assertThat(added.at("/service/name").isTextual()).isTrue();

    String target = input.at("/parsers/0/ndjson/target").asText();
    assertThat(target).as("the gym's keys are under an object of their own").isNotEmpty();
    assertThat(TEMPLATE.type(target)).as("the template does not define " + target).isNull();
    JsonNode line = YAML.readTree(HOSTILE_GYM_LINE);
    JsonNode event = YAML.createObjectNode().set(target, line);
    assertThat(TEMPLATE.clashes(event)).isEmpty();
    assertThat(TEMPLATE.clashes(YAML.readTree(DECODING_ERROR))).isEmpty();
  }

  @Test
  void theCheckFindsTheClashesOfKeysAtTheRoot() throws IOException {
    assertThat(TEMPLATE.clashes(YAML.readTree("{\"service\": \"causal-interface-gym\"}")))
        .singleElement()
        .asString()
        .startsWith("service is group");
    assertThat(TEMPLATE.clashes(YAML.readTree(HOSTILE_GYM_LINE)))
        .hasSize(6)
        .anySatisfy(c -> assertThat(c).startsWith("@timestamp is date"))
        .anySatisfy(c -> assertThat(c).startsWith("event is group"))
        .anySatisfy(c -> assertThat(c).startsWith("log is group"));
    assertThat(TEMPLATE.clashes(YAML.readTree("{\"service\": {\"name\": {\"x\": 1}}}")))
        .singleElement()
        .asString()
        .startsWith("service.name is keyword");
    assertThat(TEMPLATE.clashes(YAML.readTree("{\"kubernetes\": {\"pod\": \"p\"}}")))
        .singleElement()
        .asString()
        .startsWith("kubernetes.pod is group");
  }

  @ParameterizedTest
  @MethodSource("withLogging")
  void aRetentionInstallsAnIlmPolicyThatDeletesWhatIsOlder(CausalGymMonitoring cr)
      throws IOException {
    assertThat(FilebeatModel.configMap(GymPlan.of(cr, ServedKinds.nothing())).getData())
        .containsOnlyKeys(FilebeatModel.CONFIG_KEY);
    CausalGymMonitoring kept = Serialization.clone(cr);
    kept.getSpec().logging.elasticsearch.index = "trial-7-logs";
    kept.getSpec().logging.elasticsearch.retention = "11d";

    Map<String, String> data =
        FilebeatModel.configMap(GymPlan.of(kept, ServedKinds.nothing())).getData();
    JsonNode config = YAML.readTree(data.get(FilebeatModel.CONFIG_KEY));
    assertThat(config.path("setup.ilm.enabled").asBoolean()).isTrue();
    assertThat(config.path("setup.ilm.overwrite").asBoolean()).isTrue();
    assertThat(config.path("setup.ilm.policy_name").asText())
        .isEqualTo(config.path("setup.template.name").asText());
    assertThat(config.path("setup.template.pattern").asText()).isEqualTo("trial-7-logs*");
    assertThat(config.at("/output.elasticsearch/index").asText()).isEqualTo("trial-7-logs");

    // The file Filebeat is told to load is the ConfigMap's policy, mounted where it looks.
    String policyFile = config.path("setup.ilm.policy_file").asText();
    Container filebeat =
        sidecar(
            DeploymentModel.desired(GymPlan.of(kept, ServedKinds.nothing()))
                .getSpec()
                .getTemplate()
                .getSpec());
    assertThat(filebeat.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo(policyFile);
              assertThat(data).containsKey(m.getSubPath());
              assertThat(m.getSubPath()).isNotEqualTo(FilebeatModel.CONFIG_KEY);
            });
    String policyKey = policyFile.substring(policyFile.lastIndexOf('/') + 1);
    JsonNode phases = YAML.readTree(data.get(policyKey)).at("/policy/phases");
    assertThat(phases.at("/hot/actions/rollover/max_age").asText()).isEqualTo("1d");
    assertThat(phases.at("/delete/min_age").asText()).isEqualTo("11d");
    assertThat(phases.at("/delete/actions").has("delete")).isTrue();

    // A changed retention changes only the policy, and still rolls the pods to load it.
    CausalGymMonitoring longer = Serialization.clone(kept);
    longer.getSpec().logging.elasticsearch.retention = "40d";
    assertThat(
            FilebeatModel.configMap(GymPlan.of(longer, ServedKinds.nothing()))
                .getData()
                .get(FilebeatModel.CONFIG_KEY))
        .isEqualTo(data.get(FilebeatModel.CONFIG_KEY));
    assertThat(checksum(DeploymentModel.desired(GymPlan.of(longer, ServedKinds.nothing()))))
        .isNotEqualTo(checksum(DeploymentModel.desired(GymPlan.of(kept, ServedKinds.nothing()))));
  }

  @ParameterizedTest
  @MethodSource("withLogging")
  void credentialsReachFilebeatOnlyFromSecretsThroughItsEnvironment(CausalGymMonitoring cr)
      throws IOException {
    String text =
        FilebeatModel.configMap(GymPlan.of(cr, ServedKinds.nothing()))
            .getData()
            .get(FilebeatModel.CONFIG_KEY);
    JsonNode output = filebeatYml(cr).path("output.elasticsearch");
    for (String credential : List.of("password", "api_key")) {
      if (output.has(credential)) {
        assertThat(output.path(credential).asText()).matches(VARIABLE);
      }
    }
    assertThat(output.has("password")).isNotEqualTo(output.has("api_key"));

    Deployment deployment = DeploymentModel.desired(GymPlan.of(cr, ServedKinds.nothing()));
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container filebeat = sidecar(pod);
    Map<String, EnvVar> env =
        filebeat.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    Matcher variables = VARIABLE.matcher(text);
    List<String> named = new ArrayList<>();
    while (variables.find()) {
      named.add(variables.group(1));
    }
    assertThat(named).isNotEmpty();
    for (String variable : named) {
      assertThat(env).as("the sidecar sets ${%s}", variable).containsKey(variable);
    }
    for (String secret : List.of("ES_PASSWORD", "ES_API_KEY")) {
      if (env.containsKey(secret)) {
        assertThat(env.get(secret).getValue()).as("no literal").isNull();
        assertThat(env.get(secret).getValueFrom().getSecretKeyRef()).isNotNull();
      }
    }
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    if (cr.getSpec().logging.elasticsearch.caSecret != null) {
      String ca = output.path("ssl.certificate_authorities").get(0).asText();
      assertThat(filebeat.getVolumeMounts()).anyMatch(m -> ca.startsWith(m.getMountPath() + "/"));
    }
  }

  @ParameterizedTest
  @MethodSource("withLogging")
  void theGymWritesWhereFilebeatReads(CausalGymMonitoring cr) {
    PodSpec pod =
        DeploymentModel.desired(GymPlan.of(cr, ServedKinds.nothing()))
            .getSpec()
            .getTemplate()
            .getSpec();
    Container gym = pod.getContainers().get(0);
    Container filebeat = sidecar(pod);
    String file = cr.getSpec().logging.file;
    String directory = file.substring(0, file.lastIndexOf('/'));
    assertThat(gym.getEnv())
        .anyMatch(e -> e.getName().equals("LOG_FILE") && e.getValue().equals(file));
    assertThat(gym.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo(directory));
    String volume = gym.getVolumeMounts().get(0).getName();
    assertThat(filebeat.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo(volume);
              assertThat(m.getMountPath()).isEqualTo(directory);
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(pod.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo(volume);
              assertThat(v.getEmptyDir().getSizeLimit().toString())
                  .isEqualTo(cr.getSpec().logging.volumeSizeLimit);
            });
    assertThat(filebeat.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(filebeat.getResources().getLimits()).containsKey("memory");
  }

  @ParameterizedTest
  @MethodSource("withLogging")
  void onlyAChangedConfigurationRollsThePods(CausalGymMonitoring cr) {
    Deployment same =
        DeploymentModel.desired(GymPlan.of(Serialization.clone(cr), ServedKinds.nothing()));
    assertThat(
            sidecar(
                    DeploymentModel.desired(GymPlan.of(cr, ServedKinds.nothing()))
                        .getSpec()
                        .getTemplate()
                        .getSpec())
                .getEnv())
        .isEqualTo(sidecar(same.getSpec().getTemplate().getSpec()).getEnv());
    CausalGymMonitoring changed = Serialization.clone(cr);
    changed.getSpec().logging.elasticsearch.index = "other-%{+yyyy.MM.dd}";
    String before = checksum(DeploymentModel.desired(GymPlan.of(cr, ServedKinds.nothing())));
    assertThat(checksum(DeploymentModel.desired(GymPlan.of(changed, ServedKinds.nothing()))))
        .isNotEqualTo(before);
    CausalGymMonitoring unrelated = Serialization.clone(cr);
    unrelated.getSpec().alerts.highErrorRate.threshold = 99;
    assertThat(checksum(DeploymentModel.desired(GymPlan.of(unrelated, ServedKinds.nothing()))))
        .isEqualTo(before);
  }

  private static String checksum(Deployment deployment) {
    return sidecar(deployment.getSpec().getTemplate().getSpec()).getEnv().stream()
        .filter(e -> e.getName().equals(FilebeatModel.CONFIG_CHECKSUM))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
