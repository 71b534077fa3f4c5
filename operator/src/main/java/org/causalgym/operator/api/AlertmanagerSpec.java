package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Alertmanager routing of this resource's alerts: one route and its receivers. */
public class AlertmanagerSpec {

  @JsonPropertyDescription(
      "Whether the Alertmanager configuration is created: an AlertmanagerConfig where the prometheus-operator runs, else a Secret <name>-alertmanager with a complete alertmanager.yaml. Default true.")
  public boolean enabled = true;

  @JsonPropertyDescription(
      "Grouping and timing of notifications. Defaults: groupBy [alertname], groupWait 10s, groupInterval 10s, repeatInterval 1h.")
  public RouteSpec route = new RouteSpec();

  @ListType(value = "map", mapKeys = "name")
  @JsonPropertyDescription(
      "Where notifications go: each receiver has a unique name and one of email, webhook or slack; every receiver gets every alert of this resource. Default: none.")
  @Size(max = 32)
  public List<ReceiverSpec> receivers = new ArrayList<>();
}
