package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.causalgym.operator.api.BuiltInAlerts;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.DashboardsMode;
import org.causalgym.operator.api.ElasticsearchSpec;
import org.causalgym.operator.api.EmailReceiverSpec;
import org.causalgym.operator.api.ManagedResourceStatus;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.api.WebhookReceiverSpec;
import org.causalgym.operator.model.GrafanaDashboard;
import org.causalgym.operator.model.ServedKinds;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.ApiTraffic;
import org.causalgym.operator.testing.ClusterCrds;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SecretValues;
import org.causalgym.operator.testing.SpecEdits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator as it ships, against the Fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class CausalGymMonitoringReconcilerTest {

  private static final String NAMESPACE = "lab-west";
  private static final String NAME = "trial-9";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  KubernetesMockServer server;
  KubernetesClient client;
  private Operator operator;

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  private void startOperator(boolean prometheusOperatorInstalled) {
    ClusterCrds.installOurs(client);
    if (prometheusOperatorInstalled) {
      ClusterCrds.installPrometheusOperator(client);
    }
    // A missing Secret is looked for again in a second, not in 30 s, so that no test waits for it.
    operator =
        CausalGymOperator.create(
            client,
            OperatorOptions.defaults().withMissingSecretRecheck(Duration.ofSeconds(1)),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    operator.start();
  }

  private static CausalGymMonitoring resource(String alertsYaml) {
    return Repository.resource(
        """
        apiVersion: monitoring.causal-gym.org/v1alpha1
        kind: CausalGymMonitoring
        metadata: {name: %s, namespace: %s}
        spec:
          app: {image: "registry.example.org/gym:7", port: 7000, metricsPort: 7001}
          prometheus: {selectorLabels: {release: monitoring}}
          alerts: %s
        """
            .formatted(NAME, NAMESPACE, alertsYaml));
  }

  private CausalGymMonitoring create(CausalGymMonitoring cr) {
    return client.resource(cr).create();
  }

  private Resource<CausalGymMonitoring> theResource() {
    return client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName(NAME);
  }

  private CausalGymMonitoring current() {
    return theResource().get();
  }

  private void editSpec(Consumer<CausalGymMonitoringSpec> change) {
    SpecEdits.edit(client, NAMESPACE, NAME, change);
  }

  private Condition ready() {
    CausalGymMonitoring cr = current();
    assertThat(cr.getStatus()).as("status").isNotNull();
    return cr.getStatus().conditions.stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Ready condition"));
  }

  /** Every kind of object the operator may create. */
  private static final List<Class<? extends HasMetadata>> OWNED_KINDS =
      List.of(
          Deployment.class,
          Service.class,
          ServiceMonitor.class,
          PrometheusRule.class,
          AlertmanagerConfig.class,
          Secret.class,
          ConfigMap.class);

  /** Every object the resource becomes where the prometheus-operator runs, by kind. */
  private static final Map<Class<? extends HasMetadata>, String> WITH_PROMETHEUS_OPERATOR =
      Map.of(
          Deployment.class, NAME,
          Service.class, NAME,
          ServiceMonitor.class, NAME,
          PrometheusRule.class, NAME,
          AlertmanagerConfig.class, NAME,
          ConfigMap.class, NAME + "-dashboards");

  private <T extends HasMetadata> T owned(Class<T> type) {
    return owned(type, NAME);
  }

  private <T extends HasMetadata> T owned(Class<T> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  private PrometheusRule awaitRule() {
    await().atMost(TIMEOUT).until(() -> owned(PrometheusRule.class) != null);
    return owned(PrometheusRule.class);
  }

  private static String expr(PrometheusRule rule, String alert) {
    return rule.getSpec().getGroups().get(0).getRules().stream()
        .filter(r -> alert.equals(r.getAlert()))
        .map(Rule::getExpr)
        .map(e -> e.getStrVal())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + alert));
  }

  @Test
  void createsEveryObjectOwnedByTheResourceAndReportsReady() {
    startOperator(true);
    CausalGymMonitoring created = create(resource("{}"));

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));

    for (var expected : WITH_PROMETHEUS_OPERATOR.entrySet()) {
      HasMetadata object = owned(expected.getKey(), expected.getValue());
      assertThat(object).as(expected.getKey().getSimpleName()).isNotNull();
      OwnerReference owner = object.getMetadata().getOwnerReferences().get(0);
      assertThat(object.getMetadata().getOwnerReferences()).hasSize(1);
      assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(owner.getKind()).isEqualTo("CausalGymMonitoring");
      assertThat(owner.getController()).isTrue();
    }
    assertThat(owned(ServiceMonitor.class).getMetadata().getLabels())
        .containsEntry("release", "monitoring");
    assertThat(owned(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/port", "7001");

    CausalGymMonitoring cr = current();
    Condition ready = ready();
    assertThat(ready.getReason()).isEqualTo("Reconciled");
    assertThat(ready.getMessage()).contains("PrometheusRule/" + NAME).contains("3 alert rules");
    assertThat(ready.getLastTransitionTime()).isNotBlank();
    assertThat(cr.getMetadata().getGeneration()).isNotNull();
    assertThat(cr.getStatus().observedGeneration).isEqualTo(cr.getMetadata().getGeneration());
    assertThat(ready.getObservedGeneration()).isEqualTo(cr.getMetadata().getGeneration());
    assertThat(cr.getStatus().alertRules).isEqualTo(3);
    assertThat(cr.getStatus().resources)
        .extracting(r -> r.kind + "/" + r.name + "=" + r.state)
        .containsExactly(
            "Deployment/trial-9=Applied",
            "Service/trial-9=Applied",
            "ServiceMonitor/trial-9=Applied",
            "PrometheusRule/trial-9=Applied",
            "AlertmanagerConfig/trial-9=Applied",
            "Secret/trial-9-alertmanager=Skipped",
            "ConfigMap/trial-9-prometheus=Skipped",
            "ConfigMap/trial-9-dashboards=Applied",
            "GrafanaDashboard/trial-9=Skipped",
            "ConfigMap/trial-9-filebeat=Skipped",
            "ServiceAccount/trial-9-prometheus=Skipped",
            "Role/trial-9-prometheus=Skipped",
            "RoleBinding/trial-9-prometheus=Skipped",
            "Deployment/trial-9-prometheus=Skipped",
            "StatefulSet/trial-9-prometheus=Skipped",
            "Service/trial-9-prometheus=Skipped",
            "Deployment/trial-9-alertmanager=Skipped",
            "Service/trial-9-alertmanager=Skipped",
            "ConfigMap/trial-9-grafana=Skipped",
            "Secret/trial-9-grafana=Skipped",
            "Deployment/trial-9-grafana=Skipped",
            "Service/trial-9-grafana=Skipped");
    assertThat(owned(Secret.class, NAME + "-alertmanager")).isNull();
  }

  @Test
  void anEditedThresholdReachesThePrometheusRule() {
    startOperator(true);
    create(resource("{highErrorRate: {threshold: 0.4}}"));
    assertThat(expr(awaitRule(), "HighErrorRate"))
        .isEqualTo("rate(causal_gym_errors{job=\"trial-9\", namespace=\"lab-west\"}[5m]) > 0.4");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));

    editSpec(
        spec -> {
          spec.alerts.highErrorRate.threshold = 2.75;
          spec.alerts.highMemoryUsage.enabled = false;
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(expr(owned(PrometheusRule.class), "HighErrorRate"))
                    .isEqualTo(
                        "rate(causal_gym_errors{job=\"trial-9\", namespace=\"lab-west\"}[5m]) > 2.75"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              CausalGymMonitoring cr = current();
              assertThat(cr.getMetadata().getGeneration()).isGreaterThan(1L);
              assertThat(cr.getStatus().observedGeneration)
                  .isEqualTo(cr.getMetadata().getGeneration());
              assertThat(cr.getStatus().alertRules).isEqualTo(2);
            });
    assertThat(owned(PrometheusRule.class).getSpec().getGroups().get(0).getRules())
        .extracting(Rule::getAlert)
        .containsExactly("HighErrorRate", "ServiceDown");
  }

  @Test
  void aDeletedObjectIsRecreated() {
    startOperator(true);
    create(resource("{}"));
    await().atMost(TIMEOUT).until(() -> owned(Service.class) != null);
    String firstUid = owned(Service.class).getMetadata().getUid();

    client.resource(owned(Service.class)).delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Service service = owned(Service.class);
              assertThat(service).isNotNull();
              assertThat(service.getMetadata().getUid()).isNotEqualTo(firstUid);
            });
  }

  @Test
  void anInvalidSpecIsReportedByFieldAndNothingIsCreated() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().alerts.highMemoryUsage.thresholdPercent = 140;
    cr.getSpec().metrics.scrapeTimeout = "30s";
    create(cr);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("InvalidSpec"));
    Condition ready = ready();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage())
        .contains("spec.alerts.highMemoryUsage.thresholdPercent")
        .contains("spec.metrics.scrapeTimeout");
    for (Class<? extends HasMetadata> type : OWNED_KINDS) {
      assertThat(client.resources(type).inNamespace(NAMESPACE).list().getItems())
          .as(type.getSimpleName())
          .isEmpty();
    }
  }

  @Test
  void anInvalidEditKeepsTheLastGoodObjects() {
    startOperator(true);
    create(resource("{highErrorRate: {threshold: 0.4}}"));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));

    editSpec(
        spec -> {
          spec.alerts.highErrorRate.threshold = 5;
          spec.app.metricsPort = spec.app.port;
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("InvalidSpec"));
    assertThat(ready().getMessage()).contains("spec.app.metricsPort");
    assertThat(expr(owned(PrometheusRule.class), "HighErrorRate"))
        .isEqualTo("rate(causal_gym_errors{job=\"trial-9\", namespace=\"lab-west\"}[5m]) > 0.4");
    assertThat(owned(Service.class).getSpec().getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(7000, 7001);
  }

  private Optional<Condition> condition(String type) {
    CausalGymMonitoring cr = current();
    if (cr.getStatus() == null) {
      return Optional.empty();
    }
    return cr.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private void deleteCrd(String name) {
    client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
  }

  /** Kinds installed or removed while the operator runs are followed by watch, within seconds. */
  @Test
  void kindsInstalledAfterStartAreUsedWithinSecondsAndTheirRemovalIsReported() {
    Duration seconds = Duration.ofSeconds(10);
    startOperator(false);
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(ready().getReason()).isEqualTo("PrometheusOperatorMissing"));
    assertThat(condition("Selected")).as("not checked without the prometheus-operator").isEmpty();

    ClusterCrds.installPrometheusOperator(client);
    await()
        .atMost(seconds)
        .untilAsserted(
            () -> {
              assertThat(owned(ServiceMonitor.class)).isNotNull();
              assertThat(owned(PrometheusRule.class)).isNotNull();
              assertThat(ready().getReason()).isEqualTo("Reconciled");
              assertThat(condition("Selected"))
                  .get()
                  .extracting(Condition::getReason)
                  .isEqualTo("NoPrometheus");
            });
    await().atMost(seconds).until(() -> owned(ConfigMap.class, NAME + "-prometheus") == null);

    ClusterCrds.installGrafanaOperator(client);
    await()
        .atMost(seconds)
        .untilAsserted(
            () -> {
              assertThat(owned(GrafanaDashboard.class)).isNotNull();
              assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNull();
            });
    assertThat(owned(GrafanaDashboard.class).getSpec().instanceSelector.getMatchLabels())
        .containsEntry("dashboards", "grafana");

    deleteCrd(ServedKinds.GRAFANA_DASHBOARDS.crd());
    await()
        .atMost(seconds)
        .untilAsserted(() -> assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNotNull());

    deleteCrd(ServedKinds.SERVICE_MONITORS.crd());
    await()
        .atMost(seconds)
        .untilAsserted(
            () -> {
              assertThat(ready().getReason()).isEqualTo("PrometheusOperatorMissing");
              assertThat(ready().getMessage()).contains(ServedKinds.SERVICE_MONITORS.crd());
              assertThat(condition("Selected")).isEmpty();
            });
    assertNoRequestsWhileIdle();
  }

  private static LabelSelector release(String value) {
    return new LabelSelectorBuilder().addToMatchLabels("release", value).build();
  }

  /** Selected follows Prometheus and Alertmanager resources as they come, change and go. */
  @Test
  void selectedIsReEvaluatedWhenAPrometheusOrAlertmanagerChanges() {
    startOperator(true);
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Selected"))
                    .get()
                    .extracting(Condition::getReason)
                    .isEqualTo("NoPrometheus"));

    client
        .resource(
            new PrometheusBuilder()
                .withNewMetadata()
                .withNamespace("obs")
                .withName("kps")
                .endMetadata()
                .withNewSpec()
                .withServiceMonitorSelector(release("kps"))
                .withServiceMonitorNamespaceSelector(new LabelSelector())
                .withRuleSelector(release("kps"))
                .withRuleNamespaceSelector(new LabelSelector())
                .endSpec()
                .build())
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Selected").get().getMessage())
                    .contains("Prometheus obs/kps selects ServiceMonitors labelled release=kps"));

    editSpec(spec -> spec.prometheus.selectorLabels.put("release", "kps"));
    client
        .resource(
            new AlertmanagerBuilder()
                .withNewMetadata()
                .withNamespace("obs")
                .withName("kps")
                .endMetadata()
                .withNewSpec()
                .withAlertmanagerConfigSelector(release("kps"))
                .withAlertmanagerConfigNamespaceSelector(new LabelSelector())
                .endSpec()
                .build())
        .create();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(condition("Selected").get().getStatus()).isEqualTo("True");
              assertThat(condition("Selected").get().getMessage())
                  .contains("AlertmanagerConfig selected by Alertmanager obs/kps");
            });

    client
        .resources(Prometheus.class)
        .inNamespace("obs")
        .withName("kps")
        .edit(
            p -> {
              p.getSpec().setRuleSelector(release("other"));
              return p;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Selected").get().getMessage())
                    .contains("selects PrometheusRules labelled release=other"));
    assertNoRequestsWhileIdle();
  }

  private static String uidOf(HasMetadata object) {
    return object == null ? null : object.getMetadata().getUid();
  }

  /** The managed stack comes with its status, keeps its password, and goes leaving the rest. */
  @Test
  void theManagedStackRunsReportsItselfAndLeavesNothingElseWhenItGoes() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().alertmanager.receivers.add(webhookReceiver("sink", "https://sink.lab.example/a"));
    create(cr);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("Reconciled"));
    Map<String, String> before = new java.util.TreeMap<>();
    for (HasMetadata gymObject :
        List.of(
            owned(Deployment.class),
            owned(Service.class),
            owned(ConfigMap.class, NAME + "-dashboards"))) {
      before.put(gymObject.getKind(), uidOf(gymObject));
    }

    editSpec(spec -> spec.stack.mode = StackMode.managed);
    String stack = NAME + "-prometheus";
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(ready().getReason()).isEqualTo("Reconciled");
              assertThat(owned(Deployment.class, stack)).isNotNull();
              assertThat(owned(Deployment.class, NAME + "-alertmanager")).isNotNull();
              assertThat(owned(Deployment.class, NAME + "-grafana")).isNotNull();
              assertThat(owned(ServiceMonitor.class)).isNull();
              assertThat(owned(AlertmanagerConfig.class)).isNull();
              assertThat(condition("StackReady"))
                  .get()
                  .extracting(Condition::getStatus)
                  .isEqualTo("False");
              assertThat(condition("Selected")).isEmpty();
            });
    CausalGymMonitoring managed = current();
    assertThat(managed.getStatus().stack.prometheus)
        .isEqualTo("http://" + stack + "." + NAMESPACE + ".svc:9090");
    assertThat(managed.getStatus().stack.grafana)
        .isEqualTo("http://" + NAME + "-grafana." + NAMESPACE + ".svc:3000");
    assertThat(condition("Observed").get().getMessage())
        .as("Observed asks the managed Prometheus by default")
        .contains(managed.getStatus().stack.prometheus);
    assertThat(owned(ConfigMap.class, stack).getData()).containsKey("prometheus.yml");
    Secret admin = owned(Secret.class, NAME + "-grafana");
    String password = admin.getData().get("admin-password");
    assertThat(password).isNotBlank();

    // Each workload's controller reports its replicas available.
    for (String workload : List.of(stack, NAME + "-alertmanager", NAME + "-grafana")) {
      client
          .apps()
          .deployments()
          .inNamespace(NAMESPACE)
          .withName(workload)
          .editStatus(
              d -> {
                d.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).build());
                return d;
              });
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("StackReady").get().getMessage())
                    .isEqualTo(
                        "prometheus 1/1 available, alertmanager 1/1 available, grafana 1/1 available"));
    assertThat(condition("StackReady").get().getStatus()).isEqualTo("True");

    // A threshold edit reaches the managed Prometheus' rule file; the password stays.
    editSpec(spec -> spec.alerts.highErrorRate.threshold = 7);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(owned(ConfigMap.class, stack).getData().get("rules.yaml"))
                    .contains("above the threshold of 7 for 5m"));
    assertThat(owned(Secret.class, NAME + "-grafana").getData().get("admin-password"))
        .isEqualTo(password);

    editSpec(spec -> spec.stack.mode = StackMode.external);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(Deployment.class, stack)).isNull();
              assertThat(owned(Service.class, stack)).isNull();
              assertThat(owned(Deployment.class, NAME + "-alertmanager")).isNull();
              assertThat(owned(Deployment.class, NAME + "-grafana")).isNull();
              assertThat(owned(Secret.class, NAME + "-grafana")).isNull();
              assertThat(owned(ConfigMap.class, NAME + "-grafana")).isNull();
              assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName(stack).get())
                  .isNull();
              assertThat(client.rbac().roles().inNamespace(NAMESPACE).withName(stack).get())
                  .isNull();
              assertThat(client.rbac().roleBindings().inNamespace(NAMESPACE).withName(stack).get())
                  .isNull();
              assertThat(owned(ServiceMonitor.class)).isNotNull();
              assertThat(current().getStatus().stack).isNull();
              assertThat(condition("StackReady")).isEmpty();
            });
    Map<String, String> after = new java.util.TreeMap<>();
    for (HasMetadata gymObject :
        List.of(
            owned(Deployment.class),
            owned(Service.class),
            owned(ConfigMap.class, NAME + "-dashboards"))) {
      after.put(gymObject.getKind(), uidOf(gymObject));
    }
    assertThat(after).as("the gym's own objects were never replaced").isEqualTo(before);
    assertNoRequestsWhileIdle();
  }

  private Map<String, String> resourceVersionsBut(String... kindAndNames) {
    Map<String, String> versions = new java.util.TreeMap<>();
    for (Class<? extends HasMetadata> type : OWNED_KINDS) {
      for (HasMetadata object : client.resources(type).inNamespace(NAMESPACE).list().getItems()) {
        String key = object.getKind() + "/" + object.getMetadata().getName();
        if (!List.of(kindAndNames).contains(key) && !key.endsWith("-filebeat")) {
          versions.put(key, object.getMetadata().getResourceVersion());
        }
      }
    }
    return versions;
  }

  /**
   * Logging on adds the pipeline to the Deployment, its ConfigMap and the PodEvicted alert; off
   * takes exactly that away.
   */
  @Test
  void switchingLoggingOnAndOffTouchesNothingElse() {
    startOperator(true);
    createSecret("es-key", "api-key", SecretValues.distinct("es-api-key"));
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("Reconciled"));
    Deployment before = owned(Deployment.class);
    Map<String, String> others =
        resourceVersionsBut("Deployment/" + NAME, "PrometheusRule/" + NAME);

    editSpec(
        spec -> {
          spec.logging.enabled = true;
          spec.logging.file = "/data/gym/out.jsonl";
          spec.logging.elasticsearch = new ElasticsearchSpec();
          spec.logging.elasticsearch.hosts.add("http://es.logs-lab:9200");
          spec.logging.elasticsearch.apiKey = new SecretKeyRef("es-key", "api-key");
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(ConfigMap.class, NAME + "-filebeat")).isNotNull();
              assertThat(owned(Deployment.class).getSpec().getTemplate().getSpec().getContainers())
                  .extracting(c -> c.getName())
                  .containsExactly("gym", "filebeat");
              assertThat(ready().getReason()).isEqualTo("Reconciled");
            });
    Deployment on = owned(Deployment.class);
    assertThat(on.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anyMatch(
            e -> e.getName().equals("LOG_FILE") && e.getValue().equals("/data/gym/out.jsonl"));
    assertThat(resourceVersionsBut("Deployment/" + NAME, "PrometheusRule/" + NAME))
        .as("every other object")
        .isEqualTo(others);
    assertThat(alertNames()).contains(BuiltInAlerts.POD_EVICTED);
    // The next reconciles find nothing to change: the pods are rolled once.
    assertNoRequestsWhileIdle();
    assertThat(owned(Deployment.class).getMetadata().getResourceVersion())
        .isEqualTo(on.getMetadata().getResourceVersion());

    editSpec(spec -> spec.logging.enabled = false);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(ConfigMap.class, NAME + "-filebeat")).isNull();
              assertThat(owned(Deployment.class).getSpec().getTemplate().getSpec().getContainers())
                  .extracting(c -> c.getName())
                  .containsExactly("gym");
            });
    Deployment off = owned(Deployment.class);
    assertThat(off.getSpec().getTemplate().getSpec())
        .as("sidecar, volumes, env and mounts gone: the pod is what it was")
        .isEqualTo(before.getSpec().getTemplate().getSpec());
    assertThat(resourceVersionsBut("Deployment/" + NAME, "PrometheusRule/" + NAME))
        .as("every other object")
        .isEqualTo(others);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(alertNames()).doesNotContain(BuiltInAlerts.POD_EVICTED));
  }

  private List<String> alertNames() {
    return owned(PrometheusRule.class).getSpec().getGroups().stream()
        .flatMap(g -> g.getRules().stream())
        .map(r -> r.getAlert())
        .toList();
  }

  @Test
  void aMissingElasticsearchSecretIsReportedByItsField() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().logging.enabled = true;
    cr.getSpec().logging.elasticsearch = new ElasticsearchSpec();
    cr.getSpec().logging.elasticsearch.hosts.add("http://es.logs-lab:9200");
    cr.getSpec().logging.elasticsearch.username = "gym";
    cr.getSpec().logging.elasticsearch.password = new SecretKeyRef("es-login", "password");
    create(cr);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("MissingSecret"));
    assertThat(ready().getMessage())
        .contains(
            "spec.logging.elasticsearch.password: Secret "
                + NAMESPACE
                + "/es-login does not exist");
    createSecret("es-login", "password", SecretValues.distinct("es-login"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("Reconciled"));
  }

  /** Available comes from the Deployment's status, watched; Ready does not move with it. */
  @Test
  void availableFollowsTheDeploymentControllersStatus() {
    startOperator(true);
    create(resource("{}"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(condition("Available"))
                    .get()
                    .extracting(Condition::getReason)
                    .isEqualTo("ReplicasUnavailable"));
    Condition ready = ready();
    int replicas = owned(Deployment.class).getSpec().getReplicas();
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .editStatus(
            d -> {
              d.setStatus(
                  new DeploymentStatusBuilder()
                      .withReplicas(replicas)
                      .withAvailableReplicas(replicas)
                      .withReadyReplicas(replicas)
                      .build());
              return d;
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(condition("Available").get().getStatus()).isEqualTo("True");
              assertThat(condition("Available").get().getMessage())
                  .isEqualTo(replicas + " of " + replicas + " replicas available");
            });
    assertThat(ready()).isEqualTo(ready);
    assertThat(
            client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .map(e -> e.getReason()))
        .as("an Event on the transition")
        .contains("ReplicasAvailable");
    assertNoRequestsWhileIdle();
  }

  /** grafana-operator refuses any change of a GrafanaDashboard's instanceSelector in place. */
  @Test
  void aNewInstanceSelectorReplacesTheGrafanaDashboard() {
    ClusterCrds.installGrafanaOperator(client);
    startOperator(true);
    create(resource("{}"));
    await().atMost(TIMEOUT).until(() -> owned(GrafanaDashboard.class) != null);
    String uid = owned(GrafanaDashboard.class).getMetadata().getUid();

    editSpec(spec -> spec.dashboards.instanceSelector.matchLabels.put("dashboards", "lab"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              GrafanaDashboard replaced = owned(GrafanaDashboard.class);
              assertThat(replaced).isNotNull();
              assertThat(replaced.getMetadata().getUid()).isNotEqualTo(uid);
              assertThat(replaced.getSpec().instanceSelector.getMatchLabels())
                  .containsEntry("dashboards", "lab");
            });
    String replacedUid = owned(GrafanaDashboard.class).getMetadata().getUid();
    editSpec(spec -> spec.dashboards.folder = "Lab");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(owned(GrafanaDashboard.class).getSpec().folder).isEqualTo("Lab"));
    assertThat(owned(GrafanaDashboard.class).getMetadata().getUid())
        .as("a mutable field is updated in place")
        .isEqualTo(replacedUid);
    assertNoRequestsWhileIdle();
  }

  @Test
  void aModeThatAsksForGrafanaOperatorWhereNoneRunsIsNotReady() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().dashboards.mode = DashboardsMode.grafanaOperator;
    create(cr);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("GrafanaOperatorMissing"));
    assertThat(ready().getMessage()).contains("install grafana-operator");
    assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNull();

    editSpec(spec -> spec.dashboards.mode = DashboardsMode.configMap);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(ready().getReason()).isEqualTo("Reconciled");
              assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNotNull();
            });
  }

  @Test
  void withoutThePrometheusOperatorTheWorkloadIsCreatedAndTheRestReportedSkipped() {
    startOperator(false);
    create(resource("{}"));

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(ready().getReason()).isEqualTo("PrometheusOperatorMissing"));
    assertThat(owned(Deployment.class)).isNotNull();
    assertThat(owned(Service.class)).isNotNull();
    assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNotNull();
    assertThat(owned(Secret.class, NAME + "-alertmanager").getData())
        .containsKey("alertmanager.yaml");
    assertThat(owned(ConfigMap.class, NAME + "-prometheus").getData())
        .containsKeys("scrape-config.yaml", "rules.yaml");
    CausalGymMonitoring cr = current();
    assertThat(cr.getStatus().resources)
        .filteredOn(r -> r.state == ManagedResourceStatus.State.Skipped)
        .filteredOn(r -> !r.reason.equals("spec.stack.mode is external"))
        .filteredOn(r -> !r.reason.equals("spec.logging.enabled is false"))
        .extracting(r -> r.kind)
        .containsExactly(
            "ServiceMonitor", "PrometheusRule", "AlertmanagerConfig", "GrafanaDashboard");
    assertThat(cr.getStatus().resources)
        .filteredOn(r -> r.kind.matches("ServiceMonitor|PrometheusRule|AlertmanagerConfig"))
        .allSatisfy(r -> assertThat(r.reason).contains("monitoring.coreos.com"));
    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getMessage()).contains("Deployment/" + NAME).contains("skipped");
    assertNoRequestsWhileIdle();
  }

  @Test
  void nothingIsWrittenOrReadWhenNothingChanged() {
    startOperator(true);
    create(resource("{}"));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
    assertNoRequestsWhileIdle();
  }

  private static Map<String, Quantity> requests(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getRequests();
  }

  private String cpuRequest() {
    return requests(owned(Deployment.class)).get("cpu").toString();
  }

  private void setCpuRequest(String amount) {
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(NAME)
        .edit(
            d -> {
              requests(d).put("cpu", new Quantity(amount));
              return d;
            });
  }

  @Test
  void aQuantityTheServerRewroteIsNoChangeButAnotherAmountIsReverted() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().app.resources =
        new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("0.5")).build();
    create(cr);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
    assertThat(cpuRequest()).isEqualTo("0.5");

    // What a real API server does on every write: canonical form.
    setCpuRequest("500m");
    String normalizedVersion = owned(Deployment.class).getMetadata().getResourceVersion();
    assertNoRequestsWhileIdle();
    assertThat(owned(Deployment.class).getMetadata().getResourceVersion())
        .isEqualTo(normalizedVersion);

    setCpuRequest("600m");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cpuRequest()).isEqualTo("0.5"));
  }

  private static ReceiverSpec receiver(String name) {
    ReceiverSpec receiver = new ReceiverSpec();
    receiver.name = name;
    return receiver;
  }

  private static ReceiverSpec webhookReceiver(String name, String url) {
    ReceiverSpec receiver = receiver(name);
    receiver.webhook = new WebhookReceiverSpec();
    receiver.webhook.url = url;
    return receiver;
  }

  private static ReceiverSpec mailReceiver(String name, SecretKeyRef password) {
    ReceiverSpec receiver = receiver(name);
    receiver.email = new EmailReceiverSpec();
    receiver.email.to = "oncall@lab.example";
    receiver.email.from = "gym@lab.example";
    receiver.email.smarthost = "mail.lab.example:587";
    receiver.email.authPassword = password;
    return receiver;
  }

  private void createSecret(String name, String key, String value) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToStringData(key, value)
                .build())
        .create();
  }

  @Test
  void routingAndDashboardsFollowTheSpec() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec().alertmanager.receivers.add(webhookReceiver("sink", "https://sink.lab.example/a"));
    cr.getSpec().dashboards.folder = "Trials";
    create(cr);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
    assertThat(owned(AlertmanagerConfig.class).getSpec().getReceivers())
        .extracting(r -> r.getName())
        .containsExactly("null", "sink");
    assertThat(current().getStatus().receivers).containsExactly("sink");

    createSecret("mail-auth", "password", SecretValues.distinct("mail-auth"));
    editSpec(
        spec -> {
          spec.alertmanager.receivers.add(
              mailReceiver("oncall", new SecretKeyRef("mail-auth", "password")));
          spec.dashboards.folder = "Trials 2";
        });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              AlertmanagerConfig config = owned(AlertmanagerConfig.class);
              assertThat(config.getSpec().getReceivers())
                  .extracting(r -> r.getName())
                  .containsExactly("null", "sink", "oncall");
              assertThat(config.getSpec().getRoute().getRoutes()).hasSize(2);
              assertThat(
                      owned(ConfigMap.class, NAME + "-dashboards").getMetadata().getAnnotations())
                  .containsEntry("grafana_folder", "Trials 2");
              assertThat(current().getStatus().receivers).containsExactly("sink", "oncall");
            });

    editSpec(spec -> spec.dashboards.enabled = false);
    // The workflow deletes the ConfigMap before the status that says so is written.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(owned(ConfigMap.class, NAME + "-dashboards")).isNull();
              assertThat(current().getStatus().resources)
                  .filteredOn(r -> r.name.equals(NAME + "-dashboards"))
                  .extracting(r -> r.state + ": " + r.reason)
                  .containsExactly("Skipped: spec.dashboards.enabled is false");
            });
  }

  @Test
  void aMissingSecretIsReportedByFieldAndPickedUpWhenItAppears() {
    startOperator(true);
    CausalGymMonitoring cr = resource("{}");
    cr.getSpec()
        .alertmanager
        .receivers
        .add(mailReceiver("oncall", new SecretKeyRef("smtp-credentials", "password")));
    create(cr);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getReason()).isEqualTo("MissingSecret"));
    assertThat(ready().getStatus()).isEqualTo("False");
    assertThat(ready().getMessage())
        .contains(
            "spec.alertmanager.receivers[0].email.authPassword: Secret "
                + NAMESPACE
                + "/smtp-credentials does not exist");
    assertThat(owned(AlertmanagerConfig.class)).as("applied all the same").isNotNull();

    createSecret("smtp-credentials", "user", SecretValues.distinct("smtp-user"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(ready().getMessage()).contains("has no key password"));

    client.secrets().inNamespace(NAMESPACE).withName("smtp-credentials").delete();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.secrets().inNamespace(NAMESPACE).withName("smtp-credentials").get() == null);
    createSecret("smtp-credentials", "password", SecretValues.distinct("smtp"));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
  }

  @Test
  void noSecretValueAppearsInAnyOtherObjectStatusEventOrLogLine() throws IOException {
    String secretValue = SecretValues.register("VALUE-7f3a9c1e-not-to-be-copied");
    String esPassword = SecretValues.register("ES-PASSWORD-2b71-not-to-be-copied");
    String esCa = SecretValues.register("-----BEGIN CERTIFICATE-----CA-8c1d-not-to-be-copied");
    String literalValue = Repository.LITERAL_PASSWORD;
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Level level = root.getLevel();
    // DEBUG: what the operator and its libraries would log for a user who turns it up.
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    root.addAppender(logs);
    try {
      startOperator(true);
      createSecret("smtp-credentials", "password", secretValue);
      createSecret("es-credentials", "password", esPassword);
      createSecret("es-ca", "ca.crt", esCa);
      CausalGymMonitoring referenced = resource("{}");
      referenced
          .getSpec()
          .alertmanager
          .receivers
          .add(mailReceiver("oncall", new SecretKeyRef("smtp-credentials", "password")));
      // The Filebeat pipeline's credentials and CA, also only referenced.
      referenced.getSpec().logging.enabled = true;
      referenced.getSpec().logging.elasticsearch = new ElasticsearchSpec();
      referenced.getSpec().logging.elasticsearch.hosts.add("https://es.logs.example:9200");
      referenced.getSpec().logging.elasticsearch.username = "gym";
      referenced.getSpec().logging.elasticsearch.password =
          new SecretKeyRef("es-credentials", "password");
      referenced.getSpec().logging.elasticsearch.caSecret = new SecretKeyRef("es-ca", "ca.crt");
      create(referenced);
      // Created as a user's kubectl would: the API server keeps the literal as written.
      var untyped =
          client.genericKubernetesResources(
              HasMetadata.getApiVersion(CausalGymMonitoring.class), "CausalGymMonitoring");
      GenericKubernetesResource literal =
          Serialization.unmarshal(
              Files.readString(Repository.testResource("literal-password.yaml")),
              GenericKubernetesResource.class);
      literal.getMetadata().setNamespace(NAMESPACE);
      untyped.inNamespace(NAMESPACE).resource(literal).create();
      assertThat(Serialization.asJson(untyped.inNamespace(NAMESPACE).withName("leaky").get()))
          .as("the literal is in the API server, so the operator does meet it")
          .contains(literalValue);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(ready().getStatus()).isEqualTo("True"));
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(
                          client
                              .resources(CausalGymMonitoring.class)
                              .inNamespace(NAMESPACE)
                              .withName("leaky")
                              .get()
                              .getStatus()
                              .conditions)
                      .extracting(c -> c.getReason())
                      .containsExactly("InvalidSpec"));
      // The managed stack adds a Secret value of the operator's own: Grafana's generated password.
      editSpec(spec -> spec.stack.mode = StackMode.managed);
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  owned(Secret.class, NAME + "-grafana") != null
                      && "Reconciled".equals(ready().getReason())
                      && current().getStatus().stack != null);
      String generated =
          SecretValues.register(
              new String(
                  java.util.Base64.getDecoder()
                      .decode(
                          owned(Secret.class, NAME + "-grafana").getData().get("admin-password")),
                  java.nio.charset.StandardCharsets.UTF_8));

      StringBuilder everything = new StringBuilder();
      // Every object but Secrets, which may hold it, and the events.
      List<Class<? extends HasMetadata>> scanned = new ArrayList<>(OWNED_KINDS);
      scanned.remove(Secret.class);
      scanned.add(Event.class);
      scanned.add(io.fabric8.kubernetes.api.model.apps.StatefulSet.class);
      for (Class<? extends HasMetadata> type : scanned) {
        everything.append(
            Serialization.asJson(client.resources(type).inNamespace(NAMESPACE).list()));
      }
      for (CausalGymMonitoring cr :
          client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).list().getItems()) {
        everything.append(Serialization.asJson(cr.getStatus()));
      }
      int scannedLines = 0;
      // The operator goes on logging while this reads: a copy under the appender's own lock.
      List<ILoggingEvent> lines;
      synchronized (logs) {
        lines = new ArrayList<>(logs.list);
      }
      for (ILoggingEvent event : lines) {
        // The mock API server stands in for the cluster, which holds the Secrets; it is not the
        // operator, and it logs what it stores at DEBUG.
        if (event.getLoggerName().startsWith("io.fabric8.kubernetes.client.server.mock")
            || event.getLoggerName().startsWith("io.fabric8.mockwebserver")) {
          continue;
        }
        scannedLines++;
        everything.append(event.getFormattedMessage()).append('\n');
        if (event.getThrowableProxy() != null) {
          everything.append(event.getThrowableProxy().getMessage()).append('\n');
        }
      }
      assertThat(lines).isNotEmpty();
      assertThat(owned(ConfigMap.class, NAME + "-filebeat")).as("logging was applied").isNotNull();
      List<String> values = List.of(secretValue, literalValue, esPassword, esCa, generated);
      long hits =
          values.stream()
              .filter(
                  v ->
                      everything.toString().contains(v)
                          || everything
                              .toString()
                              .contains(
                                  java.util.Base64.getEncoder()
                                      .encodeToString(
                                          v.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
              .count();
      System.out.printf(
          "Secret scan: %d Secret values looked for in %d characters of objects, statuses, Events"
              + " and %d log lines; hits = %d%n",
          values.size(), everything.length(), scannedLines, hits);
      for (String value : values) {
        assertThat(everything.toString())
            .contains("smtp-credentials", "es-credentials", "es-ca")
            .doesNotContain(value)
            .doesNotContain(
                java.util.Base64.getEncoder()
                    .encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    } finally {
      root.detachAppender(logs);
      root.setLevel(level);
    }
  }

  private void assertNoRequestsWhileIdle() {
    ApiTraffic.assertNoRequestsWhileIdle(server::getRequestCount);
  }
}
