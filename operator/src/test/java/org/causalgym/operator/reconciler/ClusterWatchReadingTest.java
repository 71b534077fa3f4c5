package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.Alertmanager;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerConfigMatcherStrategy;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerSpec;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusSpec;
import org.causalgym.operator.runtime.CompactSerialization;
import org.causalgym.operator.status.SelectionReport;
import org.causalgym.operator.testing.ReadersBuilt;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * The operator's client reads of a CRD, a Prometheus and an Alertmanager what {@link ClusterWatch}
 * and the selection check look at, and builds no reader for the rest.
 */
class ClusterWatchReadingTest {

  @Test
  void aCrdIsReadWithItsServedVersionsAndWithoutItsSchemas() {
    String yaml =
        Repository.text(
            Repository.root()
                .resolve("operator/src/test/resources/upstream-crds")
                .resolve("monitoring.coreos.com_alertmanagerconfigs.yaml"));
    String json =
        new KubernetesSerialization().asJson(new KubernetesSerialization().unmarshal(yaml));

    CustomResourceDefinition plain =
        new KubernetesSerialization().unmarshal(json, CustomResourceDefinition.class);
    CustomResourceDefinition shipped =
        CausalGymOperator.serialization().unmarshal(json, CustomResourceDefinition.class);

    assertThat(plain.getSpec().getVersions()).allMatch(v -> v.getSchema() != null);
    assertThat(shipped.getSpec().getVersions())
        .extracting(
            CustomResourceDefinitionVersion::getName, CustomResourceDefinitionVersion::getServed)
        .isEqualTo(
            plain.getSpec().getVersions().stream()
                .map(v -> tuple(v.getName(), v.getServed()))
                .toList());
    assertThat(shipped.getSpec().getVersions()).allMatch(v -> v.getSchema() == null);
    assertThat(shipped.getMetadata().getName()).isEqualTo(plain.getMetadata().getName());
  }

  @Test
  void aPrometheusAndAnAlertmanagerAreReadWithTheirSelectorsOnly() {
    ReadersBuilt readersBuilt = new ReadersBuilt();
    KubernetesSerialization shipped =
        CompactSerialization.create(ClusterWatch.readsWhatItWatches(), readersBuilt.module());
    KubernetesSerialization plain = new KubernetesSerialization();
    Prometheus prometheus =
        new PrometheusBuilder()
            .withNewMetadata()
            .withName("k8s")
            .withNamespace("monitoring")
            .withGeneration(3L)
            .addToLabels("team", "lab")
            .endMetadata()
            .withNewSpec()
            .withNewServiceMonitorSelector()
            .addToMatchLabels("release", "kube-prometheus-stack")
            .endServiceMonitorSelector()
            .withNewServiceMonitorNamespaceSelector()
            .addToMatchLabels("monitored", "yes")
            .endServiceMonitorNamespaceSelector()
            .withNewRuleSelector()
            .addToMatchLabels("role", "alert-rules")
            .endRuleSelector()
            .withNewRuleNamespaceSelector()
            .endRuleNamespaceSelector()
            .withReplicas(2)
            .withVersion("v3.5.0")
            .addNewContainer()
            .withName("sidecar")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withReplicas(2)
            .endStatus()
            .build();
    Alertmanager alertmanager =
        new AlertmanagerBuilder()
            .withNewMetadata()
            .withName("main")
            .withNamespace("monitoring")
            .endMetadata()
            .withNewSpec()
            .withNewAlertmanagerConfigSelector()
            .addToMatchLabels("alertmanagerConfig", "main")
            .endAlertmanagerConfigSelector()
            .withNewAlertmanagerConfigNamespaceSelector()
            .endAlertmanagerConfigNamespaceSelector()
            .withNewAlertmanagerConfigMatcherStrategy("None")
            .withReplicas(3)
            .endSpec()
            .build();

    Prometheus readPrometheus = shipped.unmarshal(plain.asJson(prometheus), Prometheus.class);
    Alertmanager readAlertmanager =
        shipped.unmarshal(plain.asJson(alertmanager), Alertmanager.class);

    assertThat(readPrometheus.getMetadata()).isEqualTo(prometheus.getMetadata());
    assertThat(readPrometheus.getSpec())
        .usingRecursiveComparison()
        .comparingOnlyFields(
            SelectionReport.FIELDS_READ.get(PrometheusSpec.class).toArray(String[]::new))
        .isEqualTo(prometheus.getSpec());
    assertThat(readPrometheus.getSpec().getReplicas()).isNull();
    assertThat(readPrometheus.getSpec().getContainers()).isEmpty();
    assertThat(readPrometheus.getSpec().getAdditionalProperties()).isEmpty();
    assertThat(readPrometheus.getStatus()).isNull();
    assertThat(readAlertmanager.getSpec())
        .usingRecursiveComparison()
        .comparingOnlyFields(
            SelectionReport.FIELDS_READ.get(AlertmanagerSpec.class).toArray(String[]::new))
        .isEqualTo(alertmanager.getSpec());
    assertThat(readAlertmanager.getSpec().getReplicas()).isNull();
    assertThat(readersBuilt.classes())
        .filteredOn(type -> type.getPackageName().startsWith("io.fabric8.openshift.api.model"))
        .containsExactlyInAnyOrder(
            Prometheus.class,
            PrometheusSpec.class,
            Alertmanager.class,
            AlertmanagerSpec.class,
            AlertmanagerConfigMatcherStrategy.class);
  }
}
