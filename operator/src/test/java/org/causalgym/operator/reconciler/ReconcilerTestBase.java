package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.EmailReceiverSpec;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.WebhookReceiverSpec;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SpecEdits;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;

/**
 * One CausalGymMonitoring (NAME in NAMESPACE) and the operator as it ships, on the tests' mock API
 * in CRUD mode ({@link TestCluster}): what the reconciler tests of each concern share.
 */
abstract class ReconcilerTestBase {

  static final String NAMESPACE = "lab-west";
  static final String NAME = "trial-9";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  final TestCluster cluster = TestCluster.startPlain();
  final KubernetesClient client = cluster.client();

  @AfterEach
  void stopOperator() {
    cluster.close();
  }

  void startOperator(boolean prometheusOperatorInstalled) {
    cluster.withOurCrds();
    if (prometheusOperatorInstalled) {
      cluster.withPrometheusOperator();
    }
    // A missing Secret is looked for again in a second, not in 30 s, so that no test waits for it.
    cluster.startOperator(
        OperatorOptions.defaults().withMissingSecretRecheck(Duration.ofSeconds(1)));
  }

  static CausalGymMonitoring resource(String alertsYaml) {
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

  CausalGymMonitoring create(CausalGymMonitoring cr) {
    return client.resource(cr).create();
  }

  Resource<CausalGymMonitoring> theResource() {
    return client.resources(CausalGymMonitoring.class).inNamespace(NAMESPACE).withName(NAME);
  }

  CausalGymMonitoring current() {
    return theResource().get();
  }

  void editSpec(Consumer<CausalGymMonitoringSpec> change) {
    SpecEdits.edit(client, NAMESPACE, NAME, change);
  }

  Condition ready() {
    return cluster.ready(NAMESPACE, NAME);
  }

  <T extends HasMetadata> T owned(Class<T> type) {
    return owned(type, NAME);
  }

  <T extends HasMetadata> T owned(Class<T> type, String name) {
    return client.resources(type).inNamespace(NAMESPACE).withName(name).get();
  }

  static String expr(PrometheusRule rule, String alert) {
    return rule.getSpec().getGroups().get(0).getRules().stream()
        .filter(r -> alert.equals(r.getAlert()))
        .map(Rule::getExpr)
        .map(e -> e.getStrVal())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + alert));
  }

  Optional<Condition> condition(String type) {
    return cluster.condition(NAMESPACE, NAME, type);
  }

  static ReceiverSpec receiver(String name) {
    ReceiverSpec receiver = new ReceiverSpec();
    receiver.name = name;
    return receiver;
  }

  static ReceiverSpec webhookReceiver(String name, String url) {
    ReceiverSpec receiver = receiver(name);
    receiver.webhook = new WebhookReceiverSpec();
    receiver.webhook.url = url;
    return receiver;
  }

  static ReceiverSpec mailReceiver(String name, SecretKeyRef password) {
    ReceiverSpec receiver = receiver(name);
    receiver.email = new EmailReceiverSpec();
    receiver.email.to = "oncall@lab.example";
    receiver.email.from = "gym@lab.example";
    receiver.email.smarthost = "mail.lab.example:587";
    receiver.email.authPassword = password;
    return receiver;
  }

  void createSecret(String name, String key, String value) {
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

  void assertNoRequestsWhileIdle() {
    cluster.assertNoRequestsWhileIdle();
  }
}
