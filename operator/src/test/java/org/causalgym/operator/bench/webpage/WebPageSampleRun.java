package org.causalgym.operator.bench.webpage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.causalgym.operator.demo.ApiServerDispatcher;
import org.causalgym.operator.demo.DemoCluster;
import org.causalgym.operator.testing.JvmDiagnostics;
import org.causalgym.operator.testing.OperatorProcess;
import org.causalgym.operator.testing.TestCluster;

/**
 * The JOSDK webpage sample ({@link WebPageOperator}) measured as OperatorBenchmark measures our
 * operator: its own process against an in-process CRUD mock API on loopback, its CPU time read
 * through ProcessHandle. A burst of new WebPages, then a backlog created while it is stopped and
 * drained after a restart; a WebPage is done once its status names its ConfigMap and the harness's
 * informers have seen the ConfigMap, Deployment and Service it owns.
 */
public final class WebPageSampleRun {

  /** ConfigMap, Deployment and Service: no Ingress, the pages are not exposed. */
  public static final int OBJECTS_PER_RESOURCE = 3;

  private static final List<String> DONE_WHEN_SEEN =
      List.of("WebPage", "ConfigMap", "Deployment", "Service");
  private static final Duration WAIT = Duration.ofMinutes(10);

  /** Held so that the level set on it is not lost to garbage collection. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  /** What the sample cost; the CPU figures per owned object, as our benchmark's are. */
  public record SampleFigures(
      double cpuPerNewObjectMs,
      double cpuPerDrainedObjectMs,
      double heapPerResourceKib,
      double heapFromEmptyKib,
      double startupMs,
      List<String> details) {}

  /** Per WebPage (namespace/name), which of DONE_WHEN_SEEN the harness has seen. */
  private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private final int resources;
  private final int threads;
  private final Path outputDir;

  private WebPageSampleRun(int resources, int threads, Path outputDir) {
    this.resources = resources;
    this.threads = threads;
    this.outputDir = outputDir;
  }

  /**
   * Creates resources WebPages, threads at a time, for the sample running, then as many while it is
   * stopped; its logs and kubeconfig go to outputDir.
   */
  public static SampleFigures measure(int resources, int threads, Path outputDir) throws Exception {
    Files.createDirectories(outputDir);
    return new WebPageSampleRun(resources, threads, outputDir).run();
  }

  private SampleFigures run() throws Exception {
    // The mock API logs a line per request otherwise.
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    try (TestCluster cluster = TestCluster.start(new ApiServerDispatcher())) {
      KubernetesClient client = cluster.client();
      try (InputStream crd =
          WebPageSampleRun.class.getResourceAsStream("/bench/webpage-crd.yaml")) {
        client.apiextensions().v1().customResourceDefinitions().load(crd).create();
      }
      // The informers stop with the cluster's client.
      client.resources(WebPage.class).inAnyNamespace().inform(onAddOrUpdate());
      for (Class<? extends HasMetadata> kind :
          List.of(ConfigMap.class, Deployment.class, Service.class)) {
        client
            .resources(kind)
            .inAnyNamespace()
            .withLabel(WebPageDependents.SELECTOR, "true")
            .inform(onAddOrUpdate());
      }
      Path kubeconfig = outputDir.resolve("webpage-kubeconfig");
      DemoCluster.writeKubeconfig(kubeconfig, client.getMasterUrl().toString(), "default");
      int objects = resources * OBJECTS_PER_RESOURCE;
      List<String> details = new ArrayList<>();

      double startupMs;
      double burstCpuMs;
      double heapPerResourceKib;
      double heapFromEmptyKib;
      try (OperatorProcess sample =
          startSample(kubeconfig, outputDir.resolve("webpage-sample-first.log"))) {
        startupMs = sample.awaitReady(WAIT).toNanos() / 1e6;
        details.add(String.format("start-up: %.0f ms, process start → /startup 200", startupMs));
        long heapEmpty = JvmDiagnostics.heapAfterFullGc(sample.pid());
        // One page first, as the operator's benchmark does: what the first costs once (classes
        // loaded, caches and pools set up) is not a cost per page.
        awaitDone(createAll(client, "webpage-first", 1));
        Thread.sleep(2000);
        long heapOne = JvmDiagnostics.heapAfterFullGc(sample.pid());

        int requestsBefore = cluster.server().getRequestCount();
        long started = System.nanoTime();
        Duration cpuBefore = sample.cpuTime();
        awaitDone(createAll(client, "webpage-bench", resources));
        burstCpuMs = sample.cpuTime().minus(cpuBefore).toNanos() / 1e6;
        details.add(
            String.format(
                "burst: %d WebPages done in %.1f s; %.1f s of CPU, %.1f ms per WebPage; %d API"
                    + " requests, the harness's %d creates included",
                resources,
                (System.nanoTime() - started) / 1e9,
                burstCpuMs / 1000,
                burstCpuMs / resources,
                cluster.server().getRequestCount() - requestsBefore,
                resources));

        // What the burst's events leave to do, done before the heap is read.
        Thread.sleep(5000);
        long heapFull = JvmDiagnostics.heapAfterFullGc(sample.pid());
        heapPerResourceKib = (heapFull - heapOne) / 1024.0 / resources;
        heapFromEmptyKib = (heapFull - heapEmpty) / 1024.0 / (resources + 1);
        details.add(
            String.format(
                "heap after full GC: %.1f MiB empty, %.1f MiB with one WebPage, %.1f MiB with"
                    + " %d more and their %d objects",
                heapEmpty / 1048576.0,
                heapOne / 1048576.0,
                heapFull / 1048576.0,
                resources,
                objects));
      }

      List<String> backlog = createAll(client, "webpage-backlog", resources);
      double drainCpuMs;
      double drainSeconds;
      long restarted = System.nanoTime();
      try (OperatorProcess sample =
          startSample(kubeconfig, outputDir.resolve("webpage-sample-second.log"))) {
        awaitDone(backlog);
        // From the process' start, as ours: start-up and the resync of the burst's pages included.
        drainCpuMs = sample.cpuTime().toNanos() / 1e6;
        drainSeconds = (System.nanoTime() - restarted) / 1e9;
      }
      details.add(
          String.format(
              "drain: %d WebPages created while stopped, done %.1f s after the restart; %.1f s of"
                  + " CPU from the process' start, with the resync of the %d WebPages already"
                  + " done",
              resources, drainSeconds, drainCpuMs / 1000, resources));
      return new SampleFigures(
          burstCpuMs / objects,
          drainCpuMs / objects,
          heapPerResourceKib,
          heapFromEmptyKib,
          startupMs,
          details);
    }
  }

  /** Creates count WebPages, threads at a time; returns their keys (namespace/name). */
  private List<String> createAll(KubernetesClient client, String namespace, int count)
      throws Exception {
    List<String> keys = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> creates = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        WebPage page = page(namespace, "webpage-" + i);
        keys.add(namespace + "/" + page.getMetadata().getName());
        creates.add(pool.submit(() -> client.resource(page).create()));
      }
      for (Future<?> create : creates) {
        create.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return keys;
  }

  /** A page like the sample's k8s/webpage.yaml, its body naming it. */
  private static WebPage page(String namespace, String name) {
    WebPage page = new WebPage();
    page.getMetadata().setNamespace(namespace);
    page.getMetadata().setName(name);
    WebPage.Spec spec = new WebPage.Spec();
    spec.setHtml(
        "<html>\n  <head>\n    <title>Hello Operator World</title>\n  </head>\n  <body>\n"
            + "    Hello World! "
            + name
            + "\n  </body>\n</html>\n");
    page.setSpec(spec);
    return page;
  }

  /** Marks a WebPage whose status names its ConfigMap, and the objects naming a WebPage owner. */
  private <T extends HasMetadata> ResourceEventHandler<T> onAddOrUpdate() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        if (object instanceof WebPage page) {
          if (page.getStatus() != null && page.getStatus().getHtmlConfigMap() != null) {
            see(page.getMetadata().getNamespace(), page.getMetadata().getName(), "WebPage");
          }
        } else {
          object.getMetadata().getOwnerReferences().stream()
              .filter(owner -> owner.getKind().equals("WebPage"))
              .forEach(
                  owner ->
                      see(object.getMetadata().getNamespace(), owner.getName(), object.getKind()));
        }
      }

      @Override
      public void onUpdate(T old, T object) {
        onAdd(object);
      }

      @Override
      public void onDelete(T object, boolean unknown) {}
    };
  }

  private void see(String namespace, String name, String what) {
    String key = namespace + "/" + name;
    Set<String> kinds = seen.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
    kinds.add(what);
    if (kinds.containsAll(DONE_WHEN_SEEN)) {
      done.add(key);
    }
  }

  private void awaitDone(List<String> keys) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.containsAll(keys)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            keys.stream().filter(k -> !done.contains(k)).count()
                + " WebPages not done within "
                + WAIT);
      }
      Thread.sleep(2);
    }
  }

  /** The sample's JVM, on the test classpath, its probes on a free loopback port. */
  private static OperatorProcess startSample(Path kubeconfig, Path log) throws IOException {
    return OperatorProcess.startMainClass(
        WebPageOperator.class.getName(),
        List.of("-Dlogback.configurationFile=bench/webpage/logback.xml"),
        "/startup",
        kubeconfig,
        log);
  }
}
