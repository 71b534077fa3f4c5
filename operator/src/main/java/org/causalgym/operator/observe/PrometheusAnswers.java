package org.causalgym.operator.observe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.causalgym.operator.desired.AlertLabels;
import org.causalgym.operator.desired.SloRules;
import org.causalgym.operator.promql.PrometheusVersion;
import org.causalgym.operator.status.PrometheusSnapshot.Group;
import org.causalgym.operator.status.PrometheusSnapshot.Job;
import org.causalgym.operator.status.PrometheusSnapshot.Scraped;
import org.causalgym.operator.status.PrometheusSnapshot.SloReading;
import org.causalgym.operator.status.PrometheusSnapshot.Targets;

/**
 * Reads the answers of Prometheus' HTTP API as they stream, keeping only what the resources asked
 * for: no answer is ever held as a tree, and every other target, label, rule group and alert is
 * skipped unread. The fields are those of web/api/v1/api.go (Target, RuleGroup, AlertingRule,
 * PrometheusVersion, and an instant query's vector) at v2.42.0 through v3.5.0.
 */
public final class PrometheusAnswers {

  private PrometheusAnswers() {}

  /** Thrown where the API answered, but with status "error" or not in its envelope. */
  public static final class NotAnAnswer extends IOException {
    NotAnAnswer(String message) {
      super(message);
    }
  }

  /**
   * The targets of /api/v1/targets labelled with a wanted job and namespace. Also where the server
   * ignored the request's filter (state, scrapePool) and sent everything: this is the fallback.
   */
  public static Map<Job, Targets> targets(JsonParser body, Set<Job> wanted) throws IOException {
    Map<Job, List<Scraped>> byJob = new HashMap<>();
    envelope(body, "activeTargets", () -> eachObject(body, () -> target(body, wanted, byJob)));
    Map<Job, Targets> targets = new HashMap<>();
    byJob.forEach((job, all) -> targets.put(job, Targets.of(all)));
    return targets;
  }

  private static void target(JsonParser body, Set<Job> wanted, Map<Job, List<Scraped>> byJob)
      throws IOException {
    String job = null;
    String namespace = null;
    String health = null;
    String lastError = "";
    String scrapeUrl = "";
    while (body.nextToken() == JsonToken.FIELD_NAME) {
      String field = body.currentName();
      JsonToken value = body.nextToken();
      switch (field) {
        case "labels" -> {
          if (value != JsonToken.START_OBJECT) {
            body.skipChildren();
            continue;
          }
          while (body.nextToken() == JsonToken.FIELD_NAME) {
            String label = body.currentName();
            body.nextToken();
            if ("job".equals(label)) {
              job = body.getValueAsString();
            } else if ("namespace".equals(label)) {
              namespace = body.getValueAsString();
            } else {
              body.skipChildren();
            }
          }
        }
        case "health" -> health = body.getValueAsString();
        case "lastError" -> lastError = body.getValueAsString("");
        case "scrapeUrl" -> scrapeUrl = body.getValueAsString("");
        // discoveredLabels (the bulk of a large answer), globalUrl, lastScrape, ...
        default -> body.skipChildren();
      }
    }
    Job key = new Job(job == null ? "" : job, namespace == null ? "" : namespace);
    if (wanted.contains(key)) {
      byJob
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Scraped(scrapeUrl, "up".equals(health), lastError));
    }
  }

  /**
   * The wanted rule groups of /api/v1/rules; every other group is skipped, also where the server
   * ignored rule_group[] (before v2.44.0) and sent them all.
   */
  public static Map<String, Group> rules(JsonParser body, Set<String> wanted) throws IOException {
    Map<String, Group> groups = new HashMap<>();
    envelope(body, "groups", () -> eachObject(body, () -> group(body, wanted, groups)));
    return groups;
  }

  private static void group(JsonParser body, Set<String> wanted, Map<String, Group> groups)
      throws IOException {
    String name = null;
    int rules = 0;
    int unhealthy = 0;
    String lastError = null;
    Set<String> firing = new TreeSet<>();
    boolean counted = false;
    while (body.nextToken() == JsonToken.FIELD_NAME) {
      String field = body.currentName();
      JsonToken value = body.nextToken();
      // Prometheus writes name before rules (RuleGroup's field order); a group whose rules come
      // first cannot be told wanted in time and is skipped.
      if ("name".equals(field)) {
        name = body.getValueAsString();
      } else if ("rules".equals(field)
          && value == JsonToken.START_ARRAY
          && name != null
          && wanted.contains(name)) {
        counted = true;
        int[] counts = new int[2];
        String[] firstError = new String[1];
        eachObject(
            body,
            () -> {
              counts[0]++;
              String health = null;
              String error = "";
              String state = null;
              String ruleName = null;
              while (body.nextToken() == JsonToken.FIELD_NAME) {
                String ruleField = body.currentName();
                body.nextToken();
                switch (ruleField) {
                  case "health" -> health = body.getValueAsString();
                  case "lastError" -> error = body.getValueAsString("");
                  case "state" -> state = body.getValueAsString();
                  case "name" -> ruleName = body.getValueAsString();
                  // alerts (every active alert with its labels), query, annotations, ...
                  default -> body.skipChildren();
                }
              }
              if ("err".equals(health)) {
                counts[1]++;
                if (firstError[0] == null) {
                  firstError[0] = error;
                }
              }
              if ("firing".equals(state) && ruleName != null) {
                firing.add(ruleName);
              }
            });
        rules = counts[0];
        unhealthy = counts[1];
        lastError = firstError[0];
      } else {
        body.skipChildren();
      }
    }
    if (counted) {
      // The same group name in two files: the prometheus-operator never makes that of ours.
      groups.putIfAbsent(name, new Group(rules, unhealthy, lastError, Set.copyOf(firing)));
    }
  }

  /**
   * The objectives' readings of an instant query for the budget-left and burn-rate recordings, by
   * the resource (its causal_gym_monitoring and namespace labels) and objective (slo label); other
   * resources' series are skipped.
   */
  public static Map<Job, Map<String, SloReading>> slos(JsonParser body, Set<Job> wanted)
      throws IOException {
    Map<Job, Map<String, Double[]>> values = new HashMap<>();
    envelope(body, "result", () -> eachObject(body, () -> sample(body, wanted, values)));
    Map<Job, Map<String, SloReading>> readings = new HashMap<>();
    values.forEach(
        (job, bySlo) -> {
          Map<String, SloReading> slos = new HashMap<>();
          bySlo.forEach((slo, pair) -> slos.put(slo, SloReading.of(pair[0], pair[1])));
          readings.put(job, Map.copyOf(slos));
        });
    return readings;
  }

  private static void sample(
      JsonParser body, Set<Job> wanted, Map<Job, Map<String, Double[]>> values) throws IOException {
    Map<String, String> labels = new HashMap<>();
    Double value = null;
    while (body.nextToken() == JsonToken.FIELD_NAME) {
      String field = body.currentName();
      JsonToken token = body.nextToken();
      if ("metric".equals(field) && token == JsonToken.START_OBJECT) {
        while (body.nextToken() == JsonToken.FIELD_NAME) {
          String label = body.currentName();
          body.nextToken();
          labels.put(label, body.getValueAsString());
        }
      } else if ("value".equals(field) && token == JsonToken.START_ARRAY) {
        // [<unix time>, "<value>"]: the value is a string, "NaN" and "+Inf" included.
        int index = 0;
        for (JsonToken item = body.nextToken();
            item != JsonToken.END_ARRAY;
            item = body.nextToken()) {
          if (item == null) {
            throw new NotAnAnswer("the answer ends in the middle");
          }
          if (index++ == 1 && item == JsonToken.VALUE_STRING) {
            value = number(body.getText());
          } else {
            body.skipChildren();
          }
        }
      } else {
        body.skipChildren();
      }
    }
    Job job =
        new Job(
            labels.getOrDefault(AlertLabels.RESOURCE_LABEL, ""),
            labels.getOrDefault("namespace", ""));
    String slo = labels.get(SloRules.SLO_LABEL);
    String name = labels.get("__name__");
    if (!wanted.contains(job) || slo == null || name == null) {
      return;
    }
    Double[] pair =
        values.computeIfAbsent(job, k -> new HashMap<>()).computeIfAbsent(slo, k -> new Double[2]);
    if (SloRules.BUDGET_REMAINING.equals(name)) {
      pair[0] = value;
    } else if (SloRules.BURN_RATE_1H.equals(name)) {
      pair[1] = value;
    }
  }

  private static Double number(String text) {
    try {
      return Double.valueOf(text.replace("Inf", "Infinity"));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The version of /api/v1/status/buildinfo ({@code data.version}) as x.y.z; empty where the answer
   * names none.
   */
  public static Optional<String> version(JsonParser body) throws IOException {
    String[] version = new String[1];
    envelope(body, "version", () -> version[0] = body.getText());
    return Optional.ofNullable(version[0]).flatMap(PrometheusVersion::parse).map(Object::toString);
  }

  @FunctionalInterface
  private interface Section {
    void read() throws IOException;
  }

  /** Reads each object of the array the parser is on, skipping anything else, to its end. */
  private static void eachObject(JsonParser body, Section element) throws IOException {
    for (JsonToken token = body.nextToken();
        token != JsonToken.END_ARRAY;
        token = body.nextToken()) {
      if (token == null) {
        throw new NotAnAnswer("the answer ends in the middle");
      }
      if (token == JsonToken.START_OBJECT) {
        element.read();
      } else {
        body.skipChildren();
      }
    }
  }

  /**
   * Walks {"status": ..., "data": {..., field: ...}}: the section reads the value of field in data
   * (positioned on its first token); status must be "success" wherever it comes.
   */
  private static void envelope(JsonParser body, String field, Section section) throws IOException {
    if (body.nextToken() != JsonToken.START_OBJECT) {
      throw new NotAnAnswer("the answer is not the JSON of Prometheus' HTTP API");
    }
    String status = null;
    String error = "";
    while (body.nextToken() == JsonToken.FIELD_NAME) {
      String name = body.currentName();
      JsonToken value = body.nextToken();
      if ("status".equals(name)) {
        status = body.getValueAsString();
      } else if ("error".equals(name)) {
        error = body.getValueAsString("");
      } else if ("data".equals(name) && value == JsonToken.START_OBJECT) {
        while (body.nextToken() == JsonToken.FIELD_NAME) {
          String dataField = body.currentName();
          JsonToken dataValue = body.nextToken();
          boolean expected =
              "version".equals(field)
                  ? dataValue == JsonToken.VALUE_STRING
                  : dataValue == JsonToken.START_ARRAY;
          if (field.equals(dataField) && expected) {
            section.read();
          } else {
            body.skipChildren();
          }
        }
      } else {
        body.skipChildren();
      }
    }
    if (!"success".equals(status)) {
      throw new NotAnAnswer(
          "the API answered status " + (status == null ? "(none)" : status) + ": " + error);
    }
  }
}
