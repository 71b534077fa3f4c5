package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ElasticsearchSpec;
import org.causalgym.operator.api.LoggingSpec;
import org.causalgym.operator.api.SecretKeyRef;

/**
 * The design's Filebeat pipeline for one resource: ConfigMap {@code <name>-filebeat} with a
 * filebeat.yml (a filestream input on the gym's NDJSON log file, service.name and the pod's
 * Kubernetes metadata, the Elasticsearch output with one index a day, or one data stream and an ILM
 * policy with a retention), and what the gym's pods get: LOG_FILE, the log directory as an
 * emptyDir, and a Filebeat sidecar that reads it. Credentials reach Filebeat only as environment
 * variables from their Secrets.
 */
public final class FilebeatModel {

  public static final String CONFIG_KEY = "filebeat.yml";
  public static final String ILM_POLICY_KEY = "ilm-policy.json";

  /**
   * The service name the design's Logstash filter adds; the Filebeat input sets it as ECS's
   * service.name.
   */
  public static final String SERVICE = "causal-interface-gym";

  /** The event field that holds the keys of the gym's JSON log lines. */
  public static final String JSON_TARGET = "causal_gym";

  /**
   * An environment variable of the sidecar holding a checksum of the ConfigMap's files
   * (filebeat.yml, the ILM policy): a changed configuration rolls the pods once (a subPath mount is
   * never refreshed), and it leaves with the sidecar when logging is switched off.
   */
  public static final String CONFIG_CHECKSUM = "FILEBEAT_CONFIG_CHECKSUM";

  static final String CONFIG_DIR = "/etc/filebeat";
  static final String CA_DIR = "/etc/filebeat/ca";
  static final String DATA_DIR = "/usr/share/filebeat/data";
  private static final String LOGS_VOLUME = "logs";
  private static final long FILEBEAT_UID = 1000;

  private FilebeatModel() {}

  public static ConfigMap configMap(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    return new ConfigMapBuilder()
        .withMetadata(
            ObjectMetas.named(cr, plan.names().filebeatConfig(), ResourceLabels.common(cr)))
        .withData(data(cr))
        .build();
  }

  /** filebeat.yml, and the ILM policy it loads when a retention is set. */
  static Map<String, String> data(CausalGymMonitoring cr) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CONFIG_KEY, config(cr));
    String retention = retention(cr);
    if (retention != null) {
      data.put(ILM_POLICY_KEY, ilmPolicy(retention));
    }
    return data;
  }

  private static String retention(CausalGymMonitoring cr) {
    ElasticsearchSpec elasticsearch = cr.getSpec().logging.elasticsearch;
    return elasticsearch == null ? null : elasticsearch.retention;
  }

  /**
   * The ILM policy of setup.ilm.policy_file (the {"policy": ...} body Filebeat 8 puts to
   * _ilm/policy, as its DefaultILMPolicy in elastic/beats libbeat/idxmgmt/lifecycle/config.go):
   * roll the data stream over each day (or at 50gb a primary shard, Filebeat's own default), and
   * delete a backing index {@code retention} after its rollover. ILM never deletes a data stream's
   * write index, hence one stream that rolls over rather than a stream a day.
   */
  static String ilmPolicy(String retention) {
    Map<String, Object> rollover =
        PlainYaml.ordered("max_age", "1d", "max_primary_shard_size", "50gb");
    Map<String, Object> phases =
        PlainYaml.ordered(
            "hot",
            PlainYaml.ordered("actions", PlainYaml.ordered("rollover", rollover)),
            "delete",
            PlainYaml.ordered(
                "min_age", retention, "actions", PlainYaml.ordered("delete", Map.of())));
    return Serialization.asJson(PlainYaml.ordered("policy", PlainYaml.ordered("phases", phases)));
  }

  /** The directory of the log file, which the emptyDir is mounted at. */
  static String logDirectory(LoggingSpec logging) {
    return logging.file.substring(0, logging.file.lastIndexOf('/'));
  }

  /**
   * The prefix of an index name before its first %{...} format, for the index template's pattern.
   */
  static String indexPrefix(String index) {
    int format = index.indexOf("%{");
    return format < 0 ? index : index.substring(0, format);
  }

  /** filebeat.yml: Filebeat 8's filestream input, the fields, and the Elasticsearch output. */
  public static String config(CausalGymMonitoring cr) {
    LoggingSpec logging = cr.getSpec().logging;
    // Validation requires elasticsearch once logging is on; an object built while it is off
    // (to be named, never applied) gets an output without hosts.
    ElasticsearchSpec elasticsearch =
        logging.elasticsearch == null ? new ElasticsearchSpec() : logging.elasticsearch;
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("type", "filestream");
    // filestream needs a unique id per input to keep its read offsets apart.
    input.put(
        "id", "causal-gym-" + cr.getMetadata().getNamespace() + "-" + cr.getMetadata().getName());
    input.put("paths", List.of(logging.file));
    // The gym's keys go under one object of their own: the index template (Filebeat 8's, with
    // ECS) maps many root names as objects or typed fields (event, log, service, host, error,
    // @timestamp as a date), and one line whose key meets one with another type (a structlog
    // "event" string, a "log" string) is refused with mapper_parsing_exception. Nothing in the
    // template starts with JSON_TARGET, so Elasticsearch maps what is under it dynamically.
    input.put(
        "parsers",
        List.of(
            PlainYaml.ordered(
                "ndjson", PlainYaml.ordered("target", JSON_TARGET, "add_error_key", true))));
    input.put("fields_under_root", true);
    Map<String, Object> kubernetes = new LinkedHashMap<>();
    kubernetes.put("namespace", "${POD_NAMESPACE}");
    kubernetes.put("pod", PlainYaml.ordered("name", "${POD_NAME}"));
    kubernetes.put(AlertLabels.RESOURCE_LABEL, cr.getMetadata().getName());
    // ECS's service is an object (service.name a keyword): a root "service" string is refused.
    input.put(
        "fields",
        PlainYaml.ordered("service", PlainYaml.ordered("name", SERVICE), "kubernetes", kubernetes));

    Map<String, Object> output = new LinkedHashMap<>();
    output.put("hosts", elasticsearch.hosts);
    output.put("index", elasticsearch.index);
    if (elasticsearch.password != null) {
      output.put("username", "${ES_USERNAME}");
      output.put("password", "${ES_PASSWORD}");
    }
    if (elasticsearch.apiKey != null) {
      output.put("api_key", "${ES_API_KEY}");
    }
    if (elasticsearch.caSecret != null) {
      output.put("ssl.certificate_authorities", List.of(CA_DIR + "/" + elasticsearch.caSecret.key));
    }

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("filebeat.inputs", List.of(input));
    config.put("output.elasticsearch", output);
    // A custom index name needs its own template name and pattern (Filebeat 8).
    String prefix = indexPrefix(elasticsearch.index);
    String templateName = prefix.replaceAll("[-_.]+$", "");
    config.put("setup.template.name", templateName);
    config.put("setup.template.pattern", prefix + "*");
    if (elasticsearch.retention == null) {
      config.put("setup.ilm.enabled", false);
    } else {
      // Options of elastic/beats libbeat/idxmgmt/lifecycle/config.go (Filebeat 8). overwrite:
      // a changed retention reaches Elasticsearch when the sidecar restarts with it.
      config.put("setup.ilm.enabled", true);
      config.put("setup.ilm.policy_name", templateName);
      config.put("setup.ilm.policy_file", CONFIG_DIR + "/" + ILM_POLICY_KEY);
      config.put("setup.ilm.overwrite", true);
    }
    return PlainYaml.write(config);
  }

  /** LOG_FILE for the gym's container. */
  static EnvVar logFileEnv(LoggingSpec logging) {
    return new EnvVar("LOG_FILE", logging.file, null);
  }

  /** Where the gym's container writes the log file. */
  static VolumeMount gymMount(LoggingSpec logging) {
    return new VolumeMountBuilder()
        .withName(LOGS_VOLUME)
        .withMountPath(logDirectory(logging))
        .build();
  }

  /** The log directory, Filebeat's data path, its configuration and the CA, as pod volumes. */
  static List<Volume> volumes(GymPlan plan) {
    LoggingSpec logging = plan.resource().getSpec().logging;
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(LOGS_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity(logging.volumeSizeLimit))
            .endEmptyDir()
            .build());
    volumes.add(
        new VolumeBuilder()
            .withName("filebeat-data")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("64Mi"))
            .endEmptyDir()
            .build());
    volumes.add(StackWorkloads.configMap("filebeat-config", plan.names().filebeatConfig()));
    SecretKeyRef ca = logging.elasticsearch.caSecret;
    if (ca != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("filebeat-ca")
              .withNewSecret()
              .withSecretName(ca.name)
              .withItems(new KeyToPath(ca.key, null, ca.key))
              .withDefaultMode(StackWorkloads.DEFAULT_MODE)
              .endSecret()
              .build());
    }
    return volumes;
  }

  /** The Filebeat sidecar: non-root, read-only root file system, the log directory read-only. */
  static Container sidecar(CausalGymMonitoring cr) {
    LoggingSpec logging = cr.getSpec().logging;
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName(LOGS_VOLUME)
            .withMountPath(logDirectory(logging))
            .withReadOnly(true)
            .build());
    mounts.add(new VolumeMountBuilder().withName("filebeat-data").withMountPath(DATA_DIR).build());
    for (String key : data(cr).keySet()) {
      mounts.add(
          new VolumeMountBuilder()
              .withName("filebeat-config")
              .withMountPath(CONFIG_DIR + "/" + key)
              .withSubPath(key)
              .withReadOnly(true)
              .build());
    }
    if (logging.elasticsearch.caSecret != null) {
      mounts.add(
          new VolumeMountBuilder()
              .withName("filebeat-ca")
              .withMountPath(CA_DIR)
              .withReadOnly(true)
              .build());
    }
    return new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withName("filebeat")
        .withImage(logging.filebeat.image)
        .withArgs("-e", "-c", CONFIG_DIR + "/" + CONFIG_KEY, "--path.data", DATA_DIR)
        .withEnv(env(logging.elasticsearch, String.join("\n", data(cr).values())))
        .withResources(StackWorkloads.resources(logging.filebeat.resources, "10m", "64Mi", "200Mi"))
        .withVolumeMounts(mounts)
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withRunAsUser(FILEBEAT_UID)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .build();
  }

  private static List<EnvVar> env(ElasticsearchSpec elasticsearch, String configuration) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(CONFIG_CHECKSUM, StackWorkloads.checksum(configuration), null));
    env.add(fieldRef("POD_NAME", "metadata.name"));
    env.add(fieldRef("POD_NAMESPACE", "metadata.namespace"));
    if (elasticsearch.password != null) {
      env.add(new EnvVar("ES_USERNAME", elasticsearch.username, null));
      env.add(fromSecret("ES_PASSWORD", elasticsearch.password));
    }
    if (elasticsearch.apiKey != null) {
      env.add(fromSecret("ES_API_KEY", elasticsearch.apiKey));
    }
    return env;
  }

  private static EnvVar fieldRef(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }

  private static EnvVar fromSecret(String name, SecretKeyRef ref) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(ref.name)
        .withKey(ref.key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
