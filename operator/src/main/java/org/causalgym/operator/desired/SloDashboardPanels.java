package org.causalgym.operator.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.SloSpec;

/** A dashboard row per objective: error budget left, 1h burn rate and SLI over the window. */
public final class SloDashboardPanels {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final int WIDTH = 8;
  private static final int HEIGHT = 8;

  private SloDashboardPanels() {}

  /** Appends each objective's row, in spec order, below the panels and with ids above theirs. */
  public static void append(CausalGymMonitoring cr, ArrayNode panels) {
    int id = 0;
    int y = 0;
    for (JsonNode panel : panels) {
      id = Math.max(id, panel.path("id").asInt());
      y = Math.max(y, panel.at("/gridPos/y").asInt() + panel.at("/gridPos/h").asInt());
    }
    // The fast page's factor, where the burn-rate panel draws its line.
    String pages = SloRules.PAGE.get(0).factor();
    for (SloSpec slo : cr.getSpec().slos) {
      String selector = selector(cr, slo);
      String objective = AlertExpressions.number(slo.objective);
      ObjectNode row =
          NODES
              .objectNode()
              .put("id", ++id)
              .put("title", "SLO " + slo.name + ": " + objective + "% over " + slo.window)
              .put("type", "row")
              .put("collapsed", false);
      row.set("gridPos", gridPos(0, y, 24, 1));
      row.putArray("panels");
      panels.add(row);
      y += 1;
      panels.add(
          panel(
              ++id,
              "Error budget remaining",
              "Share of the "
                  + slo.window
                  + " error budget left: 100 untouched, 0 spent, below 0 overspent.",
              "stat",
              gridPos(0, y, WIDTH, HEIGHT),
              fieldConfig("percent", thresholds("red", "0", "orange", "25", "green"), false),
              "100 * " + SloRules.BUDGET_REMAINING + selector,
              "budget left"));
      panels.add(
          panel(
              ++id,
              "Burn rate (1h)",
              "Error ratio over the last hour per error budget; 1 spends the budget over "
                  + slo.window
                  + ", "
                  + pages
                  + " pages.",
              "timeseries",
              gridPos(WIDTH, y, WIDTH, HEIGHT),
              fieldConfig("short", thresholds("green", "1", "orange", pages, "red"), true),
              SloRules.BURN_RATE_1H + selector,
              "burn rate"));
      panels.add(
          panel(
              ++id,
              "SLI over " + slo.window,
              "Share of good events over the rolling "
                  + slo.window
                  + "; the line is the objective.",
              "timeseries",
              gridPos(2 * WIDTH, y, WIDTH, HEIGHT),
              fieldConfig("percent", thresholds("red", objective, "green"), true),
              "100 * (1 - " + SloRules.ERROR_RATIO + slo.window + selector + ")",
              "good events"));
      y += HEIGHT;
    }
  }

  /** The labels the recording rules put on the objective's series; see SloRules. */
  private static String selector(CausalGymMonitoring cr, SloSpec slo) {
    return "{%s=\"%s\", namespace=\"$namespace\", %s=\"%s\"}"
        .formatted(
            SloRules.SLO_LABEL, slo.name, AlertLabels.RESOURCE_LABEL, cr.getMetadata().getName());
  }

  private static ObjectNode panel(
      int id,
      String title,
      String description,
      String type,
      ObjectNode gridPos,
      ObjectNode fieldConfig,
      String expr,
      String legend) {
    ObjectNode panel =
        NODES
            .objectNode()
            .put("id", id)
            .put("title", title)
            .put("description", description)
            .put("type", type);
    panel.set("datasource", datasource());
    panel.set("gridPos", gridPos);
    panel.set("fieldConfig", fieldConfig);
    panel.putObject("options");
    ObjectNode target = panel.putArray("targets").addObject().put("refId", "A");
    target.set("datasource", datasource());
    target.put("expr", expr).put("legendFormat", legend);
    return panel;
  }

  private static ObjectNode datasource() {
    return NODES.objectNode().put("type", "prometheus").put("uid", "${datasource}");
  }

  private static ObjectNode gridPos(int x, int y, int w, int h) {
    return NODES.objectNode().put("x", x).put("y", y).put("w", w).put("h", h);
  }

  private static ObjectNode fieldConfig(String unit, ArrayNode steps, boolean lines) {
    ObjectNode config = NODES.objectNode();
    ObjectNode defaults = config.putObject("defaults").put("unit", unit);
    defaults.putObject("thresholds").put("mode", "absolute").set("steps", steps);
    if (lines) {
      defaults.putObject("custom").putObject("thresholdsStyle").put("mode", "line");
    }
    config.putArray("overrides");
    return config;
  }

  /**
   * Grafana's steps from colours and the values between them: the first colour holds from minus
   * infinity (value null). Values are decimal strings so that 25 is written 25, not 25.0.
   */
  private static ArrayNode thresholds(String first, String... valuesAndColours) {
    ArrayNode steps = NODES.arrayNode();
    steps.addObject().put("color", first).putNull("value");
    for (int i = 0; i < valuesAndColours.length; i += 2) {
      steps
          .addObject()
          .put("color", valuesAndColours[i + 1])
          .put("value", new BigDecimal(valuesAndColours[i]));
    }
    return steps;
  }
}
