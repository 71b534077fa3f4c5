package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.demo.Demo;
import org.causalgym.operator.demo.DemoCluster;
import org.causalgym.operator.testing.OperatorProcess;
import org.causalgym.operator.testing.ReadyResources;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SecretValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The secret scan with everything at TRACE, where the HTTP client prints whole exchanges and the
 * in-process API prints what it stores: the demo (in-process API and operator) with this JVM's root
 * logger at TRACE, then the packaged operator with LOG_LEVEL=TRACE against the in-process API. Each
 * gets Secrets of known values: an email receiver's password (which the managed Alertmanager's
 * Secret copies) and the Grafana admin password the operator generates. No log line may hold one.
 */
class SecretScanAtTraceIT {

  private static final String NAMESPACE = "trace-lab";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final String RESOURCE =
      """
      apiVersion: monitoring.causal-gym.org/v1alpha1
      kind: CausalGymMonitoring
      metadata: {name: gym, namespace: %s}
      spec:
        app: {image: ghcr.io/causal-gym/causal-interface-gym:0.3.0}
        alertmanager:
          receivers:
            - name: oncall
              email:
                to: oncall@lab.example
                from: gym@lab.example
                smarthost: mail.lab.example:587
                authUsername: gym
                authPassword: {name: smtp-credentials, key: password}
        stack: {mode: managed}
      """
          .formatted(NAMESPACE);

  @TempDir Path dir;

  @Test
  void noLogLineAtTraceHoldsASecretValue() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    Capture inProcess = new Capture();
    inProcess.start();
    root.addAppender(inProcess);
    root.setLevel(Level.TRACE);
    Path operatorLog = dir.resolve("operator.log");
    try {
      // The demo as `java -jar causal-gym-demo.jar` runs it: API and operator in this JVM.
      try (Demo demo = Demo.start(Repository.resource(RESOURCE), 0, 0, false)) {
        learnGeneratedSecrets(demo.cluster().client());
      }
      // The operator's own jar, LOG_LEVEL=TRACE, against the in-process API (still at TRACE).
      try (DemoCluster cluster = new DemoCluster(0)) {
        KubernetesClient client = cluster.client();
        client
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName("smtp-credentials")
                    .withNamespace(NAMESPACE)
                    .endMetadata()
                    .withStringData(Map.of("password", SecretValues.distinct("trace-smtp")))
                    .build())
            .create();
        client.resource(Repository.resource(RESOURCE)).create();
        Path kubeconfig = dir.resolve("kubeconfig");
        cluster.writeKubeconfig(kubeconfig, NAMESPACE);
        try (OperatorProcess operator =
            OperatorProcess.start(kubeconfig, operatorLog, Map.of("LOG_LEVEL", "TRACE"))) {
          learnGeneratedSecrets(client);
        }
      }
    } finally {
      root.setLevel(level);
      root.detachAppender(inProcess);
    }

    // Where (level and logger), never what.
    Set<String> where = new TreeSet<>();
    long hits = 0;
    long lines = 0;
    long bytes = 0;
    for (String[] line : inProcess.lines) {
      lines++;
      bytes += line[1].getBytes(StandardCharsets.UTF_8).length;
      if (SecretValues.foundIn(line[1])) {
        hits++;
        where.add("in-process " + line[0]);
      }
    }
    List<String> fileLines = Files.readAllLines(operatorLog);
    for (String line : fileLines) {
      if (SecretValues.foundIn(line)) {
        hits++;
        // LOG_FORMAT=text: date, time, level, logger, then the rest.
        String[] words = line.split("\\s+", 5);
        where.add(
            "operator jar " + (words.length == 5 ? words[2] + " " + words[3] : "(no logger)"));
      }
    }
    lines += fileLines.size();
    bytes += Files.size(operatorLog);
    System.out.printf(
        "Secret scan at TRACE: %d hits in %d log lines (%d bytes), %d Secret values looked for%n",
        hits, lines, bytes, SecretValues.count());
    assertThat(fileLines.stream().filter(l -> l.contains(" TRACE ")).count())
        .as("the operator jar logged at TRACE")
        .isPositive();
    assertThat(inProcess.lines).anyMatch(line -> line[0].startsWith("TRACE "));
    assertThat(where).as("log lines holding a Secret value").isEmpty();
    assertThat(hits).isZero();
  }

  /**
   * Waits for the resource to be Ready with the managed stack's Secrets written, and registers the
   * values the operator generated (Grafana's admin password) or copied (the Alertmanager config).
   */
  private static void learnGeneratedSecrets(KubernetesClient client) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              CausalGymMonitoring cr =
                  client
                      .resources(CausalGymMonitoring.class)
                      .inNamespace(NAMESPACE)
                      .withName("gym")
                      .get();
              return cr != null
                  && ReadyResources.isReady(cr)
                  && client.secrets().inNamespace(NAMESPACE).withName("gym-grafana").get() != null;
            });
    Secret grafana = client.secrets().inNamespace(NAMESPACE).withName("gym-grafana").get();
    SecretValues.register(
        new String(
            Base64.getDecoder().decode(grafana.getData().get("admin-password")),
            StandardCharsets.UTF_8));
  }

  /** Every event of this JVM, as level and logger, and the text it would print. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {

    final List<String[]> lines = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
      }
      lines.add(new String[] {event.getLevel() + " " + event.getLoggerName(), text.toString()});
    }
  }
}
