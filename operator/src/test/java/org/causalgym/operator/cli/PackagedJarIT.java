package org.causalgym.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.YamlDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: shading must keep Fabric8's and JOSDK's service files. */
class PackagedJarIT {

  record Run(int exitCode, String out, String err) {}

  private static Run java(String... args) throws IOException, InterruptedException {
    return jar(System.getProperty("causalgym.jar"), args);
  }

  private static Run jar(String jar, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar);
    command.addAll(List.of(args));
    // stderr goes to a file so that neither stream can fill its pipe and stall the jar.
    Path err = Files.createTempFile("jar-stderr", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("jar finished").isTrue();
      return new Run(process.exitValue(), out, Files.readString(err));
    } finally {
      Files.delete(err);
    }
  }

  @Test
  void rendersTheFullSample() throws Exception {
    Run run = java("render", "-f", Repository.samples().resolve("full.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(YamlDocuments.kinds(run.out()))
        .contains("Deployment", "Service", "ServiceMonitor", "PrometheusRule");
    JsonNode rule =
        YamlDocuments.objects(run.out()).stream()
            .filter(o -> o.path("kind").asText().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow();
    assertThat(rule.at("/spec/groups/0/rules/0/expr").asText())
        .isEqualTo("rate(causal_gym_errors{job=\"gym\", namespace=\"research\"}[5m]) > 0.1");
  }

  @Test
  void refusesInvalidInputNamingTheField() throws Exception {
    Run run = java("render", "-f", Repository.root().resolve("pom.xml").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: ");
  }

  @Test
  void runsTheDemoFromItsJar(@TempDir Path dir) throws Exception {
    Run run =
        jar(
            System.getProperty("causalgym.demoJar"),
            "--exit",
            "--http-port",
            "0",
            "--kubeconfig",
            dir.resolve("demo.kubeconfig").toString(),
            "--log-file",
            dir.resolve("demo.log").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("AlertmanagerConfig", "ConfigMap", "gym-dashboards")
        .contains("Ready=True Reconciled");
  }

  @Test
  void theDemoShowsTheManagedStacksObjects(@TempDir Path dir) throws Exception {
    Run run =
        jar(
            System.getProperty("causalgym.demoJar"),
            "-f",
            Repository.samples().resolve("managed-stack.yaml").toString(),
            "--without-prometheus",
            "--exit",
            "--http-port",
            "0",
            "--kubeconfig",
            dir.resolve("demo.kubeconfig").toString(),
            "--log-file",
            dir.resolve("demo.log").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern("StatefulSet +gym-prometheus +Applied")
        .containsPattern("Deployment +gym-alertmanager +Applied")
        .containsPattern("Deployment +gym-grafana +Applied")
        .containsPattern("Role +gym-prometheus +Applied")
        .contains("Ready=True Reconciled")
        .contains("StackReady=False")
        .contains("http://gym-grafana.lab.svc:3000");
  }

  /** The image ships this jar: the demo, the mock API server and its web stack stay out. */
  @Test
  void theOperatorsJarCarriesNoDemo() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("causalgym.jar"))) {
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(name -> name.startsWith("org/causalgym/operator/demo/"))
          .noneMatch(name -> name.startsWith("io/fabric8/mockwebserver/"))
          .noneMatch(name -> name.startsWith("io/vertx/"))
          .noneMatch(name -> name.startsWith("io/netty/"))
          .anyMatch(name -> name.equals("org/causalgym/operator/cli/Main.class"));
    }
    System.out.printf(
        "operator jar: %d MB, demo jar: %d MB%n",
        Files.size(Path.of(System.getProperty("causalgym.jar"))) / 1_000_000,
        Files.size(Path.of(System.getProperty("causalgym.demoJar"))) / 1_000_000);
  }

  @Test
  void printsHelpAndVersion() throws Exception {
    assertThat(java("--help").out()).contains("render", "run");
    assertThat(java("--version").out()).startsWith("causal-gym-operator ");
  }
}
