package org.causalgym.operator.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered scrape job with its Kubernetes service discovery swapped for one static target: there
 * is no Kubernetes here, and Debian's Prometheus is built without that discovery anyway. The
 * namespace label the discovery would add is set on the target. Used by the demo's Prometheus and
 * the end-to-end tests.
 */
public final class StaticScrapeJob {

  private StaticScrapeJob() {}

  public static Map<String, Object> of(
      Map<String, Object> renderedJob, String target, String namespace) {
    Map<String, Object> job = new LinkedHashMap<>(renderedJob);
    job.remove("kubernetes_sd_configs");
    job.remove("relabel_configs");
    job.put(
        "static_configs",
        List.of(Map.of("targets", List.of(target), "labels", Map.of("namespace", namespace))));
    return job;
  }
}
