package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.demo.DemoCluster;
import org.causalgym.operator.runtime.SharedCompletionPool;
import org.causalgym.operator.testing.ClassDataArchive;
import org.causalgym.operator.testing.JvmDiagnostics;
import org.causalgym.operator.testing.MinimalResources;
import org.causalgym.operator.testing.OperatorProcess;
import org.causalgym.operator.testing.ReadyResources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM the packaged jar runs in. The image's class-data-sharing archive, made by the image
 * build's own script, maps for the jar: a JVM started with it and -Xshare:on (which refuses to
 * start on an archive it cannot use) becomes ready, with the classes of its start-up read from the
 * archive, and the Dockerfile writes the archive where its entrypoint reads it. Started as plain
 * {@code java -jar}, with no option of the image's, the jar keeps HotSpot's optimizing compiler off
 * its code: the JVM lists the directive that excludes every method from C2.
 */
class OperatorJvmIT {

  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final String NAMESPACE = "operator-jvm";

  /** How -Xlog:class+load names a class read from the dynamic (top) or the JDK's archive. */
  private static final String FROM_ARCHIVE = "source: shared objects file";

  /** How Compiler.directives_print shows a directive whose c2 part excludes what it matches. */
  private static final Pattern C2_EXCLUDED =
      Pattern.compile(
          "matching: \\*\\.\\*(?:(?!Directive:).)*?c2 directives:\\s*inline: -\\s*Enable:true"
              + " Exclude:true",
          Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void aPlainJavaJarRunsWithoutTheOptimizingCompiler() throws Exception {
    try (DemoCluster cluster = new DemoCluster(0)) {
      Path kubeconfig = kubeconfig(cluster);
      try (OperatorProcess operator =
          OperatorProcess.start(kubeconfig, dir.resolve("operator.log"))) {
        operator.awaitReady(WAIT);
        String directives = JvmDiagnostics.jcmd(operator.pid(), "Compiler.directives_print");
        assertThat(C2_EXCLUDED.matcher(directives).find())
            .as("a directive excluding C2 in:\n" + directives)
            .isTrue();
      }
    }
  }

  @Test
  void theArchiveMapsForTheJarAndHoldsItsStartUpClasses() throws Exception {
    try (DemoCluster cluster = new DemoCluster(0)) {
      Path kubeconfig = kubeconfig(cluster);
      Path archive =
          ClassDataArchive.make(kubeconfig, dir.resolve("app.jsa"), dir.resolve("script.log"));

      Path classLoad = dir.resolve("class-load.log");
      List<String> options = new ArrayList<>(ClassDataArchive.jvmOptions(archive));
      // Refuses to start on an archive it cannot map, where the image's -Xshare:auto goes on.
      options.add("-Xshare:on");
      options.add("-Xlog:class+load=info:file=" + classLoad);
      try (OperatorProcess operator =
          OperatorProcess.start(options, kubeconfig, dir.resolve("archived.log"))) {
        Duration ready = operator.awaitReady(WAIT);
        List<String> loaded =
            Files.readAllLines(classLoad).stream().filter(l -> l.contains(" source: ")).toList();
        long fromArchive = loaded.stream().filter(l -> l.contains(FROM_ARCHIVE)).count();
        long ours =
            loaded.stream()
                .filter(l -> l.contains("org.causalgym.operator.") && l.contains(FROM_ARCHIVE))
                .count();
        System.out.printf(
            "Class-data archive: ready in %d ms, %d of %d classes read from archives (%d of the"
                + " operator's own)%n",
            ready.toMillis(), fromArchive, loaded.size(), ours);
        assertThat(fromArchive).isGreaterThan(loaded.size() * 9L / 10);
        assertThat(ours)
            .as("the operator's own classes come from the application archive")
            .isPositive();
      }
    }
  }

  @Test
  void theImageWritesTheArchiveWhereItsEntrypointReadsIt() throws Exception {
    Matcher run =
        Pattern.compile(
                "RUN bash \\S*"
                    + Pattern.quote(ClassDataArchive.SCRIPT.getFileName().toString())
                    + "\\s*(\\S+)\\s*(\\S+)")
            .matcher(ClassDataArchive.dockerfile());
    assertThat(run.find()).as("the Dockerfile runs " + ClassDataArchive.SCRIPT).isTrue();
    assertThat(ClassDataArchive.imageArchive()).isEqualTo(run.group(2));
    assertThat(ClassDataArchive.dockerfile())
        .as("the archive is only valid for the jar it was made with")
        .contains("\"-jar\", \"" + run.group(1) + "\"");
  }

  /**
   * On two processors, where CompletableFuture's default executor starts a thread per task, the
   * operator's requests start no thread each ({@link SharedCompletionPool}): a burst of resources,
   * eight writes each, starts less than one thread per resource. The same burst with the common
   * pool held at parallelism 1, as the JVM's default has it there, shows what this measures.
   */
  @Test
  void onTwoProcessorsRequestsStartNoThreadEach() throws Exception {
    double shared = threadsStartedPerResource("shared", List.of());
    double perTask =
        threadsStartedPerResource(
            "per-task", List.of("-D" + SharedCompletionPool.PARALLELISM + "=1"));
    System.out.printf(
        "Threads started per new resource on 2 processors: %.2f (%.2f with a thread per"
            + " completion)%n",
        shared, perTask);
    assertThat(perTask).as("a thread per completion, the measure's control").isGreaterThan(4);
    // Pools still growing to their size may start one now and then; a thread per request is 8.
    assertThat(shared).isLessThan(1);
  }

  /** Threads the operator started per resource of a burst, after a burst as large warmed it. */
  private double threadsStartedPerResource(String name, List<String> options) throws Exception {
    int burst = 20;
    try (DemoCluster cluster = new DemoCluster(0)) {
      Path kubeconfig = kubeconfig(cluster);
      List<String> jvm = new ArrayList<>(options);
      jvm.add("-XX:ActiveProcessorCount=2");
      try (OperatorProcess operator =
          OperatorProcess.start(
              jvm, kubeconfig, dir.resolve(name + ".log"), "--reconcile-threads", "10")) {
        operator.awaitReady(WAIT);
        KubernetesClient client = cluster.client();
        // A first burst brings every pool and informer up to its size; the second runs on them.
        createReady(client, "warm-" + name, burst);
        double before = threadsStarted(operator);
        createReady(client, name, burst);
        return (threadsStarted(operator) - before) / burst;
      }
    }
  }

  /** Creates count resources in a namespace of their own and waits until all are Ready. */
  private static void createReady(KubernetesClient client, String namespace, int count) {
    MinimalResources.create(client, namespace, "gym", count);
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> ReadyResources.count(client, namespace) == count);
  }

  private static double threadsStarted(OperatorProcess operator) throws Exception {
    return operator
        .metrics()
        .lines()
        .filter(line -> line.startsWith("jvm_threads_started"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private Path kubeconfig(DemoCluster cluster) throws IOException {
    Path kubeconfig = dir.resolve("kubeconfig");
    cluster.writeKubeconfig(kubeconfig, NAMESPACE);
    return kubeconfig;
  }
}
