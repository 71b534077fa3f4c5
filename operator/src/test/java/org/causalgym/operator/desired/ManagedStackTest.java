package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.StaticScrapeJob;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The managed stack's pieces fit together: promtool accepts the complete prometheus.yml, each
 * workload mounts what its command line and configuration name, Alertmanager finds every receiver
 * Secret where alertmanager.yaml reads it, and Grafana's provisioning parses and names the data
 * source uid the dashboards resolve. (No Grafana binary can be installed here; its provisioning is
 * checked as files.)
 */
class ManagedStackTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;

  static Stream<CausalGymMonitoring> managed() {
    return Stream.of(
            Repository.samples().resolve("managed-stack.yaml"),
            Repository.testResource("managed-ephemeral.yaml"))
        .map(Repository::resource)
        .map(cr -> SpecValidator.check(cr).admitted());
  }

  private static <T extends HasMetadata> T object(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  private static PodSpec prometheusPod(List<HasMetadata> objects, String name) {
    return objects.stream()
        .filter(o -> o.getMetadata().getName().equals(name + "-prometheus"))
        .map(
            o ->
                o instanceof StatefulSet set
                    ? set.getSpec().getTemplate().getSpec()
                    : o instanceof Deployment d ? d.getSpec().getTemplate().getSpec() : null)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("managed")
  @SuppressWarnings("unchecked")
  void promtoolAcceptsTheCompletePrometheusConfig(CausalGymMonitoring cr) throws IOException {
    List<HasMetadata> objects = OwnedObject.desiredObjects(GymPlan.of(cr, ServedKinds.nothing()));
    ConfigMap config = object(objects, ConfigMap.class, cr.getMetadata().getName() + "-prometheus");
    Map<String, Object> prometheus =
        YAML.readValue(
            config.getData().get(PlainPrometheusConfigModel.MANAGED_CONFIG_KEY), Map.class);
    // The rule file as mounted, and discovery swapped: Debian's build has no Kubernetes SD.
    List<String> ruleFiles = (List<String>) prometheus.get("rule_files");
    assertThat(ruleFiles)
        .containsExactly(
            PlainPrometheusConfigModel.MOUNT_DIR + "/" + PlainPrometheusConfigModel.RULES_KEY);
    Files.writeString(
        dir.resolve(PlainPrometheusConfigModel.RULES_KEY),
        config.getData().get(PlainPrometheusConfigModel.RULES_KEY));
    prometheus.put("rule_files", List.of(PlainPrometheusConfigModel.RULES_KEY));
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");
    prometheus.put(
        "scrape_configs",
        List.of(
            StaticScrapeJob.of(jobs.get(0), "127.0.0.1:9100", cr.getMetadata().getNamespace())));
    Files.writeString(dir.resolve("prometheus.yml"), Serialization.asYaml(prometheus));
    ExternalTool.Result result =
        ExternalTool.promtool().run(dir, "check", "config", "prometheus.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");

    // The alerting target is the managed Alertmanager's Service, on its port.
    Service alertmanager =
        object(objects, Service.class, cr.getMetadata().getName() + "-alertmanager");
    assertThat(config.getData().get(PlainPrometheusConfigModel.MANAGED_CONFIG_KEY))
        .contains(
            alertmanager.getMetadata().getName()
                + ":"
                + alertmanager.getSpec().getPorts().get(0).getPort());
  }

  @ParameterizedTest
  @MethodSource("managed")
  void eachWorkloadMountsWhatItsCommandAndConfigurationName(CausalGymMonitoring cr) {
    String name = cr.getMetadata().getName();
    List<HasMetadata> objects = OwnedObject.desiredObjects(GymPlan.of(cr, ServedKinds.nothing()));

    PodSpec prometheus = prometheusPod(objects, name);
    assertThat(prometheus.getServiceAccountName()).isEqualTo(name + "-prometheus");
    object(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class, name + "-prometheus");
    Container server = prometheus.getContainers().get(0);
    assertThat(server.getArgs())
        .contains(
            "--config.file="
                + mountPath(prometheus, server, name + "-prometheus")
                + "/"
                + PlainPrometheusConfigModel.MANAGED_CONFIG_KEY)
        .contains("--storage.tsdb.retention.time=" + cr.getSpec().stack.prometheus.retention);

    Deployment alertmanager = object(objects, Deployment.class, name + "-alertmanager");
    PodSpec alertmanagerPod = alertmanager.getSpec().getTemplate().getSpec();
    Container am = alertmanagerPod.getContainers().get(0);
    String configDir = mountPath(alertmanagerPod, am, name + "-alertmanager");
    assertThat(am.getArgs())
        .contains("--config.file=" + configDir + "/" + PlainAlertmanagerConfigModel.CONFIG_KEY);
    String config = PlainAlertmanagerConfigModel.config(cr);
    for (SecretReferences.Reference reference : SecretReferences.receivers(cr)) {
      String file = PlainAlertmanagerConfigModel.file(reference.ref());
      assertThat(config).contains(file);
      assertThat(file).startsWith(mountPath(alertmanagerPod, am, reference.ref().name) + "/");
    }
    // Each receiver Secret brings only the keys alertmanager.yaml reads, not its other keys.
    for (Volume volume : alertmanagerPod.getVolumes()) {
      if (volume.getSecret() != null
          && !volume.getSecret().getSecretName().equals(name + "-alertmanager")) {
        assertThat(volume.getSecret().getItems())
            .extracting(i -> i.getKey() + "=" + i.getPath())
            .containsExactlyInAnyOrderElementsOf(
                SecretReferences.receivers(cr).stream()
                    .filter(r -> r.ref().name.equals(volume.getSecret().getSecretName()))
                    .map(r -> r.ref().key + "=" + r.ref().key)
                    .distinct()
                    .toList());
      }
    }
    // Alertmanager does not reload by itself: a new configuration rolls it out, the same does not.
    String checksum =
        alertmanager
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get(StackAlertmanagerModel.CONFIG_CHECKSUM);
    assertThat(
            StackAlertmanagerModel.deployment(GymPlan.of(cr, ServedKinds.nothing()))
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsEntry(StackAlertmanagerModel.CONFIG_CHECKSUM, checksum);
    CausalGymMonitoring changed = Serialization.clone(cr);
    changed.getSpec().alertmanager.route.repeatInterval = "7h";
    assertThat(
            StackAlertmanagerModel.deployment(GymPlan.of(changed, ServedKinds.nothing()))
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(StackAlertmanagerModel.CONFIG_CHECKSUM))
        .isNotEqualTo(checksum);

    Deployment grafana = object(objects, Deployment.class, name + "-grafana");
    PodSpec grafanaPod = grafana.getSpec().getTemplate().getSpec();
    assertThat(grafanaPod.getContainers().get(0).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("GF_SECURITY_ADMIN_PASSWORD");
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo(GymPlan.of(cr, ServedKinds.nothing()).grafanaAdminSecret());
              assertThat(e.getValue()).isNull();
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("GF_AUTH_ANONYMOUS_ENABLED");
              assertThat(e.getValue()).isEqualTo("false");
            });
  }

  @ParameterizedTest
  @MethodSource("managed")
  void grafanasProvisioningNamesTheDataSourceTheDashboardsResolve(CausalGymMonitoring cr)
      throws IOException {
    String name = cr.getMetadata().getName();
    List<HasMetadata> objects = OwnedObject.desiredObjects(GymPlan.of(cr, ServedKinds.nothing()));
    ConfigMap provisioning = object(objects, ConfigMap.class, name + "-grafana");
    JsonNode datasources =
        YAML.readTree(provisioning.getData().get(StackGrafanaModel.DATASOURCES_KEY));
    JsonNode datasource = datasources.at("/datasources/0");
    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
    Service prometheus = object(objects, Service.class, name + "-prometheus");
    assertThat(datasource.path("url").asText())
        .isEqualTo(
            "http://"
                + prometheus.getMetadata().getName()
                + "."
                + cr.getMetadata().getNamespace()
                + ".svc:"
                + prometheus.getSpec().getPorts().get(0).getPort());

    ConfigMap dashboards = object(objects, ConfigMap.class, name + "-dashboards");
    for (String json : dashboards.getData().values()) {
      JsonNode dashboard = new ObjectMapper().readTree(json);
      JsonNode variable = dashboard.at("/templating/list/0");
      assertThat(variable.path("type").asText()).isEqualTo("datasource");
      assertThat(variable.at("/current/value").asText())
          .as("the dashboard resolves the provisioned data source")
          .isEqualTo(datasource.path("uid").asText());
    }

    JsonNode providers =
        YAML.readTree(provisioning.getData().get(StackGrafanaModel.DASHBOARDS_KEY));
    Deployment grafana = object(objects, Deployment.class, name + "-grafana");
    PodSpec pod = grafana.getSpec().getTemplate().getSpec();
    assertThat(providers.at("/providers/0/options/path").asText())
        .as("the provider reads where the dashboards ConfigMap is mounted")
        .isEqualTo(mountPath(pod, pod.getContainers().get(0), dashboards.getMetadata().getName()));
    assertThat(providers.at("/providers/0/folder").asText())
        .isEqualTo(cr.getSpec().dashboards.folder);
    Volume provisioningVolume =
        pod.getVolumes().stream()
            .filter(
                v ->
                    v.getConfigMap() != null
                        && v.getConfigMap().getName().equals(provisioning.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertThat(provisioningVolume.getConfigMap().getItems())
        .extracting(i -> i.getKey() + "=" + i.getPath())
        .containsExactlyInAnyOrder(
            "datasources.yaml=datasources/datasources.yaml",
            "dashboards.yaml=dashboards/dashboards.yaml");

    if (GymPlan.of(cr, ServedKinds.nothing()).modes().generatedGrafanaAdmin()) {
      Secret admin = object(objects, Secret.class, name + "-grafana");
      assertThat(
              new String(
                  Base64.getDecoder()
                      .decode(admin.getData().get(StackWorkloads.GRAFANA_ADMIN_USER_KEY)),
                  StandardCharsets.UTF_8))
          .isEqualTo("admin");
      assertThat(admin.getData())
          .as("the password is generated when the Secret is created, never built")
          .doesNotContainKey(StackWorkloads.GRAFANA_ADMIN_PASSWORD_KEY);
    } else {
      assertThat(objects)
          .noneMatch(
              o -> o instanceof Secret && o.getMetadata().getName().equals(name + "-grafana"));
    }
  }

  /** Where the volume of a ConfigMap or Secret of that name is mounted in the container. */
  private static String mountPath(PodSpec pod, Container container, String source) {
    Volume volume =
        pod.getVolumes().stream()
            .filter(
                v ->
                    (v.getConfigMap() != null && v.getConfigMap().getName().equals(source))
                        || (v.getSecret() != null && v.getSecret().getSecretName().equals(source)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume of " + source));
    return container.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume.getName()))
        .map(VolumeMount::getMountPath)
        .findFirst()
        .orElseThrow(() -> new AssertionError("volume " + volume.getName() + " not mounted"));
  }
}
