package org.causalgym.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * What the ServiceMonitor and PrometheusRule say, for a Prometheus without the prometheus-operator:
 * a ConfigMap {@code <name>-prometheus} with a scrape job to add under scrape_configs and a rule
 * file to list under rule_files.
 */
public final class StandalonePrometheusModel {

  public static final String SUFFIX = "-prometheus";
  public static final String SCRAPE_KEY = "scrape-config.yaml";
  public static final String RULES_KEY = "rules.yaml";

  private StandalonePrometheusModel() {}

  public static ConfigMap desired(CausalGymMonitoring cr) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(SCRAPE_KEY, PlainYaml.write(List.of(scrapeConfig(cr))));
    data.put(RULES_KEY, rules(cr));
    if (StackPrometheusModel.managed(cr)) {
      data.put(StackPrometheusModel.CONFIG_KEY, StackPrometheusModel.config(cr));
    }
    return new ConfigMapBuilder()
        .withMetadata(
            ObjectMetas.named(cr, cr.getMetadata().getName() + SUFFIX, ResourceLabels.common(cr)))
        .withData(data)
        .build();
  }

  /**
   * The ServiceMonitor as a scrape_config: the job is named after the Service, as the
   * prometheus-operator names it, so that the alerts' job selectors hold; endpoints of the
   * Service's metrics port are found through Kubernetes service discovery.
   */
  public static Map<String, Object> scrapeConfig(CausalGymMonitoring cr) {
    String name = cr.getMetadata().getName();
    String namespace = cr.getMetadata().getNamespace();
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("job_name", name);
    job.put("metrics_path", cr.getSpec().app.metricsPath);
    job.put("scrape_interval", cr.getSpec().metrics.scrapeInterval);
    job.put("scrape_timeout", cr.getSpec().metrics.scrapeTimeout);
    job.put(
        "kubernetes_sd_configs",
        List.of(
            PlainYaml.ordered(
                "role",
                "endpoints",
                "namespaces",
                PlainYaml.ordered("names", List.of(namespace)))));
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
  public static String rules(CausalGymMonitoring cr) {
    return PlainYaml.write(PrometheusRuleModel.desired(cr).getSpec());
  }

  private static Map<String, Object> keep(String label, String value) {
    return PlainYaml.ordered("source_labels", List.of(label), "regex", value, "action", "keep");
  }

  private static Map<String, Object> copy(String label, String target) {
    return PlainYaml.ordered("source_labels", List.of(label), "target_label", target);
  }
}
