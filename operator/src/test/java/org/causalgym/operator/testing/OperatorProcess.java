package org.causalgym.operator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator jar ({@code causalgym.jar}, set by Failsafe) run as its own process against
 * a kubeconfig, its output in a log file, its health and metrics on a free loopback port; or
 * another operator's main class from the test classpath, run the same way for the benchmark.
 */
public final class OperatorProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final int httpPort;
  private final String readyPath;
  private final long startedNanos;

  private OperatorProcess(Process process, int httpPort, String readyPath, long startedNanos) {
    this.process = process;
    this.httpPort = httpPort;
    this.readyPath = readyPath;
    this.startedNanos = startedNanos;
  }

  /** Starts {@code java -jar causalgym.jar run} with the extra arguments. */
  public static OperatorProcess start(Path kubeconfig, Path log, String... arguments)
      throws IOException {
    return start(kubeconfig, log, Map.of(), arguments);
  }

  /** As {@link #start(Path, Path, String...)}, with variables added to its environment. */
  public static OperatorProcess start(
      Path kubeconfig, Path log, Map<String, String> environment, String... arguments)
      throws IOException {
    return start(List.of(), kubeconfig, log, environment, arguments);
  }

  /** As {@link #start(Path, Path, String...)}, the JVM given these options. */
  public static OperatorProcess start(
      List<String> jvmOptions, Path kubeconfig, Path log, String... arguments) throws IOException {
    return start(jvmOptions, kubeconfig, log, Map.of(), arguments);
  }

  private static OperatorProcess start(
      List<String> jvmOptions,
      Path kubeconfig,
      Path log,
      Map<String, String> environment,
      String... arguments)
      throws IOException {
    int port = FreePort.find();
    List<String> command = new ArrayList<>();
    command.add(java().toString());
    command.addAll(jvmOptions);
    // For a profile: e.g. -Dcausalgym.operatorJvmOptions=-XX:StartFlightRecording=filename=op.jfr
    String profiling = System.getProperty("causalgym.operatorJvmOptions", "").strip();
    if (!profiling.isEmpty()) {
      command.addAll(List.of(profiling.split("\\s+")));
    }
    command.add("-jar");
    command.add(jar().toString());
    command.add("run");
    command.add("--http-port");
    command.add(Integer.toString(port));
    command.addAll(List.of(arguments));
    Map<String, String> variables = new HashMap<>(environment);
    variables.putIfAbsent("LOG_FORMAT", "text");
    return launch(command, port, "/readyz", kubeconfig, log, variables);
  }

  /**
   * Starts a main class of the test classpath that takes its HTTP port as its one argument and
   * answers 200 on readyPath once ready: another operator, measured beside ours.
   */
  public static OperatorProcess startMainClass(
      String mainClass, List<String> jvmOptions, String readyPath, Path kubeconfig, Path log)
      throws IOException {
    int port = FreePort.find();
    List<String> command = new ArrayList<>();
    command.add(java().toString());
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), mainClass, Integer.toString(port)));
    return launch(command, port, readyPath, kubeconfig, log, Map.of());
  }

  private static OperatorProcess launch(
      List<String> command,
      int port,
      String readyPath,
      Path kubeconfig,
      Path log,
      Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    return new OperatorProcess(builder.start(), port, readyPath, started);
  }

  /** The java launcher of the JVM running the tests, which runs the operator too. */
  public static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** The packaged operator jar. */
  public static Path jar() {
    return Path.of(System.getProperty("causalgym.jar"));
  }

  public long pid() {
    return process.pid();
  }

  /** The CPU time the process has used so far, all its threads, as the OS counts it. */
  public Duration cpuTime() {
    return JvmDiagnostics.cpuTime(process);
  }

  /** Waits until its ready path answers 200; returns the time since the process was started. */
  public Duration awaitReady(Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + readyPath))
                    .timeout(Duration.ofSeconds(1))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the operator was not ready within " + atMost);
  }

  /** The Prometheus text of /metrics. */
  public String metrics() throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** SIGKILL, as the kernel's OOM killer or a node loss would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
