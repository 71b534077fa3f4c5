package org.causalgym.operator.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.DashboardsSpec;

/**
 * The desired ConfigMap {@code <name>-dashboards} that the Grafana sidecar loads: the dashboards of
 * monitoring/dashboards/, with the spec's metric prefix and this resource's scrape job, and a row
 * per service level objective.
 */
public final class DashboardModel {

  /** The annotation kube-prometheus-stack's sidecar reads the folder from (folderAnnotation). */
  public static final String FOLDER_ANNOTATION = "grafana_folder";

  /** What the API server allows in one ConfigMap's data. */
  public static final int CONFIG_MAP_LIMIT_BYTES = 1024 * 1024;

  /** The dashboard files, as packaged from monitoring/dashboards/ into the jar. */
  static final List<String> FILES = List.of("causal-gym.json");

  /** The file that gets a row per objective of spec.slos: the application's own dashboard. */
  static final String SLO_FILE = "causal-gym.json";

  /** The prefix the files are written with; a word boundary keeps other names intact. */
  private static final Pattern DEFAULT_PREFIX = Pattern.compile("\\bcausal_gym_");

  private static final ObjectMapper JSON = JsonMapping.JSON;

  /**
   * The dashboard JSON as Grafana exports it and monitoring/dashboards/ holds it: two spaces per
   * level, one array element per line, {@code "key": value}, a final line feed. Pretty in the data
   * itself, not only in render's output, so that {@code kubectl get cm -o yaml} shows it as a block
   * one can review and render prints exactly what the operator applies.
   */
  private static final ObjectWriter PRETTY =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private static final Map<String, JsonNode> TEMPLATES = load();

  private DashboardModel() {}

  public static ConfigMap desired(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    DashboardsSpec spec = cr.getSpec().dashboards;
    Map<String, String> labels = ResourceLabels.common(cr);
    labels.putAll(spec.labels);
    return new ConfigMapBuilder()
        .withMetadata(ObjectMetas.named(cr, plan.names().dashboards(), labels))
        .editMetadata()
        .addToAnnotations(FOLDER_ANNOTATION, spec.folder)
        .endMetadata()
        .withData(dashboards(cr, plan.modes().managedStack()))
        .build();
  }

  /** Bytes of the ConfigMap's data, keys and values, as the API server counts them. */
  public static long dataBytes(CausalGymMonitoring cr) {
    return dashboards(cr, GymPlan.managedStack(cr)).entrySet().stream()
        .mapToLong(
            e ->
                e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + (long) e.getValue().getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }

  /**
   * Each dashboard's JSON for this resource, by file name; for the managed stack with its Grafana's
   * data source chosen.
   */
  static Map<String, String> dashboards(CausalGymMonitoring cr, boolean managedStack) {
    Map<String, String> data = new LinkedHashMap<>();
    TEMPLATES.forEach(
        (file, template) ->
            data.put(file, dashboard(cr, managedStack, template, file.equals(SLO_FILE))));
    return data;
  }

  private static String dashboard(
      CausalGymMonitoring cr, boolean managedStack, JsonNode template, boolean sloRows) {
    ObjectNode dashboard = template.deepCopy();
    String prefix = Matcher.quoteReplacement(cr.getSpec().metrics.prefix + "_");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        ((ObjectNode) target).put("expr", DEFAULT_PREFIX.matcher(expr).replaceAll(prefix));
      }
    }
    if (sloRows) {
      // After the prefix: recorded series keep the causal_gym: names the rules give them.
      SloDashboardPanels.append(cr, (ArrayNode) dashboard.path("panels"));
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      switch (variable.path("name").asText()) {
        case "namespace" -> fix((ObjectNode) variable, cr.getMetadata().getNamespace());
        // The ServiceMonitor's scrape job is named after the Service, the resource's name.
        case "job" -> fix((ObjectNode) variable, cr.getMetadata().getName());
        // The managed Grafana's provisioned data source, so nothing is left to pick.
        case "datasource" -> {
          if (managedStack) {
            ((ObjectNode) variable)
                .set(
                    "current",
                    JSON.createObjectNode()
                        .put("text", "Prometheus")
                        .put("value", StackGrafanaModel.DATASOURCE_UID));
          }
        }
        default -> {}
      }
    }
    return pretty(dashboard);
  }

  static String pretty(JsonNode dashboard) {
    try {
      return PRETTY.writeValueAsString(dashboard) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dashboard's JSON", e);
    }
  }

  /** A hidden constant variable, so every panel reads this resource's series only. */
  private static void fix(ObjectNode variable, String value) {
    variable.put("query", value);
    ObjectNode option = JSON.createObjectNode().put("text", value).put("value", value);
    variable.set("current", option.deepCopy());
    ArrayNode options = variable.putArray("options");
    options.add(option.put("selected", true));
  }

  private static Map<String, JsonNode> load() {
    Map<String, JsonNode> templates = new LinkedHashMap<>();
    for (String file : FILES) {
      try (InputStream in = DashboardModel.class.getResourceAsStream("/dashboards/" + file)) {
        if (in == null) {
          throw new IllegalStateException("dashboard " + file + " is not packaged in the jar");
        }
        templates.put(file, JSON.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read dashboard " + file, e);
      }
    }
    return Collections.unmodifiableMap(templates);
  }
}
