package org.causalgym.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** The CausalGymMonitoring custom resource: one Causal Interface Gym and all of its monitoring. */
@Group(CausalGymMonitoring.GROUP)
@Version(CausalGymMonitoring.VERSION)
@Kind("CausalGymMonitoring")
@Plural("causalgymmonitorings")
@Singular("causalgymmonitoring")
@ShortNames("cgm")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Available",
    jsonPath = ".status.conditions[?(@.type==\"Available\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Selected",
    jsonPath = ".status.conditions[?(@.type==\"Selected\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Observed",
    jsonPath = ".status.conditions[?(@.type==\"Observed\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Alerts",
    jsonPath = ".status.alertRules",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value = "self.metadata.name.matches('^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$')",
    message =
        "metadata.name must be a DNS-1035 label (lower-case letters, digits and '-', starting"
            + " with a letter, at most 63 characters): the Service is named after it")
public class CausalGymMonitoring
    extends CustomResource<CausalGymMonitoringSpec, CausalGymMonitoringStatus>
    implements Namespaced {

  public static final String GROUP = "monitoring.causal-gym.org";
  public static final String VERSION = "v1alpha1";
}
