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
// Columns in the order a person reads them; the generator sorts them by JSONPath, the build puts
// them back in this order (crd.CrdCompletion), which also sets the schema of metadata.name.
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
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
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(
    value =
        "!has(self.spec) || !has(self.spec.stack) || !has(self.spec.stack.mode) || self.spec.stack.mode != 'managed'"
            + " || size(self.metadata.name) <= "
            + CausalGymMonitoring.MAX_MANAGED_NAME_LENGTH,
    message =
        "metadata.name may have at most "
            + CausalGymMonitoring.MAX_MANAGED_NAME_LENGTH
            + " characters with spec.stack.mode managed: the Services <name>-alertmanager,"
            + " <name>-prometheus and <name>-grafana must be DNS-1035 labels of at most 63")
@ValidationRule(
    value =
        "!has(self.spec) || !has(self.spec.stack) || !has(self.spec.stack.mode) || self.spec.stack.mode != 'managed'"
            + " || !has(self.spec.stack.prometheus) || !has(self.spec.stack.prometheus.storage)"
            + " || !has(self.spec.stack.prometheus.storage.size)"
            + " || self.spec.stack.prometheus.storage.size == ''"
            + " || size(self.metadata.name) <= "
            + CausalGymMonitoring.MAX_PERSISTENT_NAME_LENGTH,
    message =
        "metadata.name may have at most "
            + CausalGymMonitoring.MAX_PERSISTENT_NAME_LENGTH
            + " characters with a managed Prometheus storage.size: Kubernetes labels the pods of"
            + " the StatefulSet <name>-prometheus with <name>-prometheus-<revision hash of up to 10"
            + " characters>, a label value of at most 63")
public class CausalGymMonitoring
    extends CustomResource<CausalGymMonitoringSpec, CausalGymMonitoringStatus>
    implements Namespaced {

  public static final String GROUP = "monitoring.causal-gym.org";
  public static final String VERSION = "v1alpha1";

  /**
   * The Service is named like the resource, and a Service name is a DNS-1035 label (kubernetes
   * v1.32.0 pkg/apis/core/validation/validation.go ValidateServiceName).
   */
  public static final int MAX_NAME_LENGTH = 63;

  /**
   * A DNS-1035 label, as the Service's name must be (kubernetes v1.32.0
   * staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsDNS1035Label); with {@link
   * #MAX_NAME_LENGTH}, the schema of metadata.name, a pattern that costs no CEL.
   */
  public static final String NAME_PATTERN = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /** With a managed stack the longest Service name is <name>-alertmanager, 13 characters more. */
  public static final int MAX_MANAGED_NAME_LENGTH = MAX_NAME_LENGTH - 13;

  /**
   * A StatefulSet labels its pods with controller-revision-hash: <statefulset>-<hash>, the hash a
   * 32-bit FNV sum in up to 10 characters (kubernetes v1.32.0 pkg/controller/history
   * controller_history.go HashControllerRevision, ControllerRevisionName;
   * pkg/controller/statefulset stateful_set_utils.go setPodRevision), and a label value has at most
   * 63: the managed Prometheus StatefulSet <name>-prometheus leaves 63 - 10 - 1 - 11.
   */
  public static final int MAX_PERSISTENT_NAME_LENGTH = MAX_NAME_LENGTH - 10 - 1 - 11;
}
