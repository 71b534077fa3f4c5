package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain form of what the ServiceMonitor and PrometheusRule say, for a Prometheus without the
 * prometheus-operator: a ConfigMap {@code <name>-prometheus} with a scrape job to add under
 * scrape_configs and a rule file to list under rule_files; with the managed stack also the managed
 * Prometheus' complete prometheus.yml, which reads both.
 */
public final class PlainPrometheusConfigModel {

  public static final String SCRAPE_KEY = "scrape-config.yaml";
  public static final String RULES_KEY = "rules.yaml";

  /** The key of the managed Prometheus' complete configuration. */
  public static final String MANAGED_CONFIG_KEY = "prometheus.yml";

  /** Where the managed Prometheus mounts the ConfigMap. */
  public static final String MOUNT_DIR = "/etc/prometheus/config";

  /** The rule evaluation interval: Prometheus' own default is a minute; alerts want sooner. */
  static final String EVALUATION_INTERVAL = "15s";

  private PlainPrometheusConfigModel() {}

  public static ConfigMap desired(GymPlan plan) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SCRAPE_KEY, PlainYaml.write(List.of(scrapeConfig(plan))));
    data.put(RULES_KEY, rules(plan));
    if (plan.modes().managedStack()) {
      data.put(MANAGED_CONFIG_KEY, managedConfig(plan));
    }
    return new ConfigMapBuilder()
        .withMetadata(
            ObjectMetas.named(
                plan.resource(),
                plan.names().plainPrometheusConfig(),
                ResourceLabels.common(plan.resource())))
        .withData(data)
        .build();
  }

  /**
   * The ServiceMonitor as a scrape_config: the job is named after the Service, as the
   * prometheus-operator names it, so that the alerts' job selectors hold; endpoints of the
   * Service's metrics port are found through Kubernetes service discovery.
   */
  public static Map<String, Object> scrapeConfig(GymPlan plan) {
    var spec = plan.resource().getSpec();
    String name = plan.names().gym();
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("job_name", name);
    job.put("metrics_path", spec.app.metricsPath);
    job.put("scrape_interval", spec.metrics.scrapeInterval);
    job.put("scrape_timeout", spec.metrics.scrapeTimeout);
    job.put(
        "kubernetes_sd_configs",
        List.of(
            PlainYaml.ordered(
                "role",
                "endpoints",
                "namespaces",
                PlainYaml.ordered("names", List.of(plan.names().namespace())))));
    job.put(
        "relabel_configs",
        List.of(
            keep("__meta_kubernetes_service_name", name),
            keep("__meta_kubernetes_endpoint_port_name", DeploymentModel.METRICS_PORT_NAME),
            copy("__meta_kubernetes_namespace", "namespace"),
            copy("__meta_kubernetes_pod_name", "pod")));
    return job;
  }

  /** The PrometheusRule's spec, which is a Prometheus rule file. */
  public static String rules(GymPlan plan) {
    return PlainYaml.write(PrometheusRuleModel.spec(plan.names().ruleGroup(), plan.rules()));
  }

  /**
   * The managed Prometheus' complete prometheus.yml: the resource's scrape job and rule file, and
   * the managed Alertmanager where alerts are routed.
   */
  static String managedConfig(GymPlan plan) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(
        "global",
        PlainYaml.ordered(
            "scrape_interval",
            plan.resource().getSpec().metrics.scrapeInterval,
            "evaluation_interval",
            EVALUATION_INTERVAL));
    config.put("rule_files", List.of(MOUNT_DIR + "/" + RULES_KEY));
    if (plan.modes().alertmanager()) {
      config.put(
          "alerting",
          PlainYaml.ordered(
              "alertmanagers",
              List.of(
                  PlainYaml.ordered(
                      "static_configs",
                      List.of(
                          PlainYaml.ordered(
                              "targets", List.of(plan.names().stackAlertmanagerTarget())))))));
    }
    config.put("scrape_configs", List.of(scrapeConfig(plan)));
    return PlainYaml.write(config);
  }

  private static Map<String, Object> keep(String label, String value) {
    return PlainYaml.ordered("source_labels", List.of(label), "regex", value, "action", "keep");
  }

  private static Map<String, Object> copy(String label, String target) {
    return PlainYaml.ordered("source_labels", List.of(label), "target_label", target);
  }
}
