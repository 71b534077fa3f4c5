package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackGrafanaSpec;

/**
 * The managed Grafana: provisioning (a Prometheus data source for the managed Prometheus with a
 * fixed uid, which the dashboards' data source variable is set to, and a dashboard provider for the
 * dashboards of ConfigMap {@code <name>-dashboards}), admin credentials from a Secret the user
 * names or one the operator generates with a random password, anonymous access off, a read-only
 * root file system, and its Service on 3000.
 */
public final class StackGrafanaModel {

  /** The uid of the provisioned Prometheus data source; the dashboards resolve it. */
  public static final String DATASOURCE_UID = "causal-gym-prometheus";

  public static final String DATASOURCES_KEY = "datasources.yaml";
  public static final String DASHBOARDS_KEY = "dashboards.yaml";

  static final String DASHBOARDS_DIR = "/var/lib/grafana-dashboards";
  private static final String PROVISIONING_DIR = "/etc/grafana/provisioning";
  private static final long GRAFANA_UID = 472;

  private StackGrafanaModel() {}

  public static ConfigMap provisioning(GymPlan plan) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(DATASOURCES_KEY, PlainYaml.write(datasources(plan)));
    data.put(DASHBOARDS_KEY, PlainYaml.write(dashboardProviders(plan.resource())));
    return new ConfigMapBuilder().withMetadata(meta(plan)).withData(data).build();
  }

  static Map<String, Object> datasources(GymPlan plan) {
    Map<String, Object> datasource = new LinkedHashMap<>();
    datasource.put("name", "Prometheus");
    datasource.put("uid", DATASOURCE_UID);
    datasource.put("type", "prometheus");
    datasource.put("access", "proxy");
    datasource.put("url", plan.names().stackPrometheusUrl());
    datasource.put("isDefault", true);
    datasource.put("editable", false);
    return PlainYaml.ordered("apiVersion", 1, "datasources", List.of(datasource));
  }

  static Map<String, Object> dashboardProviders(CausalGymMonitoring cr) {
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("name", "causal-gym");
    provider.put("folder", cr.getSpec().dashboards.folder);
    provider.put("type", "file");
    provider.put("disableDeletion", true);
    provider.put("allowUiUpdates", false);
    provider.put("options", PlainYaml.ordered("path", DASHBOARDS_DIR));
    return PlainYaml.ordered("apiVersion", 1, "providers", List.of(provider));
  }

  /**
   * The generated admin Secret: user admin; the password is filled in with random bytes when the
   * Secret is created (see {@link #adminSecretFields}), never derived from anything readable.
   */
  public static Secret adminSecret(GymPlan plan) {
    return new SecretBuilder()
        .withMetadata(meta(plan))
        .withType("Opaque")
        .withData(
            Map.of(
                StackWorkloads.GRAFANA_ADMIN_USER_KEY,
                Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  /** The generated password is the operator's to create and never to change. */
  public static OwnedFields adminSecretFields(GymPlan plan) {
    return OwnedFields.everythingWritten()
        .generating("data." + StackWorkloads.GRAFANA_ADMIN_PASSWORD_KEY);
  }

  public static Deployment deployment(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    StackGrafanaSpec spec = cr.getSpec().stack.grafana;
    return new DeploymentBuilder()
        .withMetadata(meta(plan))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .withMatchLabels(StackWorkloads.selector(cr, StackWorkloads.GRAFANA))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(StackWorkloads.labels(cr, StackWorkloads.GRAFANA))
        .endMetadata()
        .withSpec(
            StackWorkloads.restrictedPod(GRAFANA_UID)
                .withContainers(
                    StackWorkloads.container(
                            "grafana",
                            spec.image,
                            StackWorkloads.GRAFANA_PORT,
                            "/api/health",
                            "/api/health",
                            StackWorkloads.resources(spec.resources, "50m", "128Mi", "512Mi"))
                        .withEnv(env(plan))
                        .withVolumeMounts(
                            new VolumeMountBuilder()
                                .withName("provisioning")
                                .withMountPath(PROVISIONING_DIR)
                                .withReadOnly(true)
                                .build(),
                            new VolumeMountBuilder()
                                .withName("dashboards")
                                .withMountPath(DASHBOARDS_DIR)
                                .withReadOnly(true)
                                .build(),
                            new VolumeMountBuilder()
                                .withName("data")
                                .withMountPath("/var/lib/grafana")
                                .build(),
                            new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build())
                        .build())
                .withVolumes(
                    new VolumeBuilder()
                        .withName("provisioning")
                        .withNewConfigMap()
                        .withName(plan.names().stackGrafana())
                        .withDefaultMode(StackWorkloads.DEFAULT_MODE)
                        .withItems(
                            new KeyToPath(DATASOURCES_KEY, null, "datasources/" + DATASOURCES_KEY),
                            new KeyToPath(DASHBOARDS_KEY, null, "dashboards/" + DASHBOARDS_KEY))
                        .endConfigMap()
                        .build(),
                    // Optional: with dashboards switched off Grafana starts without them.
                    new VolumeBuilder()
                        .withName("dashboards")
                        .withNewConfigMap()
                        .withName(plan.names().dashboards())
                        .withDefaultMode(StackWorkloads.DEFAULT_MODE)
                        .withOptional(true)
                        .endConfigMap()
                        .build(),
                    StackWorkloads.emptyDir("data"),
                    StackWorkloads.emptyDir("tmp"))
                .build())
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Service service(GymPlan plan) {
    return StackWorkloads.service(
        plan.resource(),
        plan.names().stackGrafana(),
        StackWorkloads.GRAFANA,
        StackWorkloads.GRAFANA_PORT);
  }

  private static ObjectMeta meta(GymPlan plan) {
    return StackWorkloads.meta(
        plan.resource(), plan.names().stackGrafana(), StackWorkloads.GRAFANA);
  }

  private static List<EnvVar> env(GymPlan plan) {
    String secret = plan.grafanaAdminSecret();
    return List.of(
        fromSecret("GF_SECURITY_ADMIN_USER", secret, StackWorkloads.GRAFANA_ADMIN_USER_KEY),
        fromSecret("GF_SECURITY_ADMIN_PASSWORD", secret, StackWorkloads.GRAFANA_ADMIN_PASSWORD_KEY),
        new EnvVar("GF_AUTH_ANONYMOUS_ENABLED", "false", null),
        new EnvVar("GF_USERS_ALLOW_SIGN_UP", "false", null),
        new EnvVar("GF_ANALYTICS_REPORTING_ENABLED", "false", null),
        new EnvVar("GF_PATHS_PROVISIONING", PROVISIONING_DIR, null),
        // Grafana logs to the console and a file by default (grafana/grafana v12.1.1
        // conf/defaults.ini [log] mode = console file), the file under GF_PATHS_LOGS, which its
        // image sets to /var/log/grafana (Dockerfile): not writable on a read-only root file
        // system. The console alone is what kubectl logs reads.
        new EnvVar("GF_LOG_MODE", "console", null));
  }

  private static EnvVar fromSecret(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
