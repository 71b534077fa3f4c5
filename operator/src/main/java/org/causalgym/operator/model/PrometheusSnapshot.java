package org.causalgym.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.promql.PrometheusVersion;

/**
 * What one poll of a Prometheus' HTTP API found, reduced to what resources ask of it: per scrape
 * job and namespace the targets' health, per rule group its rules' health and firing alerts, and
 * the version it reports. Built from the JSON of /api/v1/targets, /api/v1/rules and
 * /api/v1/status/buildinfo; a failed poll is a snapshot with an error and the version last known.
 */
public final class PrometheusSnapshot {

  /** The targets of one job in one namespace. */
  public record Targets(int up, int down, String lastError) {}

  /** One rule group as Prometheus loaded it. */
  public record Group(int rules, int unhealthy, String lastError, Set<String> firing) {}

  /**
   * What one resource sees of the snapshot; equal views report equally, so a poll that changes
   * nothing a resource sees does not reconcile it.
   *
   * @param error why Prometheus could not be read, or null
   * @param targets the targets of the resource's job, or null when it has none
   * @param group the resource's rule group, or null when it is not loaded
   * @param version the version Prometheus reports (x.y.z), or null when it answered none
   */
  public record View(String error, Targets targets, Group group, String version) {}

  private final String error;
  private final Map<String, Targets> targets;
  private final Map<String, Group> groups;
  private final String version;

  private PrometheusSnapshot(
      String error, Map<String, Targets> targets, Map<String, Group> groups, String version) {
    this.error = error;
    this.targets = targets;
    this.groups = groups;
    this.version = version;
  }

  /**
   * A Prometheus that could not be read.
   *
   * @param version the version it reported last, empty if none: an outage does not change which
   *     release the rules must load on
   */
  public static PrometheusSnapshot unreachable(String error, Optional<String> version) {
    return new PrometheusSnapshot(error, Map.of(), Map.of(), version.orElse(null));
  }

  /**
   * The version in a body of /api/v1/status/buildinfo ({@code data.version}, Prometheus' web/api/v1
   * PrometheusVersion), as x.y.z; empty when the answer names none.
   */
  public static Optional<String> version(JsonNode buildinfoResponse) {
    if (!"success".equals(buildinfoResponse.path("status").asText())) {
      return Optional.empty();
    }
    JsonNode version = buildinfoResponse.at("/data/version");
    return version.isTextual()
        ? PrometheusVersion.parse(version.asText()).map(PrometheusVersion::toString)
        : Optional.empty();
  }

  /**
   * The snapshot of the API's answers.
   *
   * @param targetsResponse the body of /api/v1/targets
   * @param rulesResponse the body of /api/v1/rules
   * @param version the version it reports, empty if none
   */
  public static PrometheusSnapshot of(
      JsonNode targetsResponse, JsonNode rulesResponse, Optional<String> version) {
    for (JsonNode response : new JsonNode[] {targetsResponse, rulesResponse}) {
      if (!"success".equals(response.path("status").asText())) {
        return unreachable(
            "the API answered status "
                + response.path("status").asText("(none)")
                + ": "
                + response.path("error").asText(""),
            version);
      }
    }
    Map<String, List<JsonNode>> byJob = new HashMap<>();
    for (JsonNode target : targetsResponse.at("/data/activeTargets")) {
      JsonNode labels = target.path("labels");
      byJob
          .computeIfAbsent(
              key(labels.path("job").asText(), labels.path("namespace").asText()),
              k -> new ArrayList<>())
          .add(target);
    }
    Map<String, Targets> targets = new HashMap<>();
    byJob.forEach(
        (job, all) -> {
          // By scrape URL, so that the error reported of several down targets is always the same.
          all.sort(Comparator.comparing(t -> t.path("scrapeUrl").asText()));
          int up = 0;
          int down = 0;
          String lastError = null;
          for (JsonNode target : all) {
            if ("up".equals(target.path("health").asText())) {
              up++;
            } else {
              down++;
              String error = target.path("lastError").asText("");
              if (lastError == null && !error.isEmpty()) {
                lastError = error;
              }
            }
          }
          targets.put(job, new Targets(up, down, lastError));
        });
    Map<String, Group> groups = new HashMap<>();
    for (JsonNode group : rulesResponse.at("/data/groups")) {
      int rules = 0;
      int unhealthy = 0;
      String lastError = null;
      Set<String> firing = new TreeSet<>();
      for (JsonNode rule : group.path("rules")) {
        rules++;
        if ("err".equals(rule.path("health").asText())) {
          unhealthy++;
          if (lastError == null) {
            lastError = rule.path("lastError").asText("");
          }
        }
        if ("firing".equals(rule.path("state").asText())) {
          firing.add(rule.path("name").asText());
        }
      }
      groups.merge(
          group.path("name").asText(),
          new Group(rules, unhealthy, lastError, Set.copyOf(firing)),
          // The same group name in two files: the prometheus-operator never makes that of ours.
          (a, b) -> a);
    }
    return new PrometheusSnapshot(
        null, Map.copyOf(targets), Map.copyOf(groups), version.orElse(null));
  }

  /** What the resource sees: its job's targets (job and namespace labels) and its rule group. */
  public View view(CausalGymMonitoring cr) {
    if (error != null) {
      return new View(error, null, null, version);
    }
    return new View(
        null,
        targets.get(key(cr.getMetadata().getName(), cr.getMetadata().getNamespace())),
        groups.get(PrometheusRuleModel.groupName(cr)),
        version);
  }

  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** The version Prometheus reports, x.y.z; empty while it answered none. */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  private static String key(String job, String namespace) {
    return job + "\u0000" + namespace;
  }
}
