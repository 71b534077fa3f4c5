package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ElasticsearchSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SecretValues;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.Test;

/**
 * Secret references: a missing one is reported by field and picked up when it appears; no Secret
 * value leaves its Secret.
 */
class SecretsReconcileTest extends ReconcilerTestBase {

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
      List<Class<? extends HasMetadata>> scanned = new ArrayList<>(TestCluster.ownedKinds());
      scanned.remove(Secret.class);
      scanned.add(Event.class);
      for (Class<? extends HasMetadata> type : scanned) {
        everything.append(Serialization.asJson(cluster.list(type, NAMESPACE)));
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
}
