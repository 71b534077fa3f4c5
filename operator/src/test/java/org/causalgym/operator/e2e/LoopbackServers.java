package org.causalgym.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.demo.ServerProcess;
import org.causalgym.operator.testing.ExternalTool;

/**
 * The real prometheus and alertmanager binaries started on loopback in a test's directory, each
 * with its own data directory, and returned once they answer /-/ready.
 */
final class LoopbackServers {

  private static final Duration READY = Duration.ofSeconds(30);

  private LoopbackServers() {}

  /** The alerting section of a prometheus.yml that sends to an Alertmanager on port. */
  static Map<String, Object> alertingTo(int port) {
    return Map.of(
        "alertmanagers",
        List.of(
            Map.of("static_configs", List.of(Map.of("targets", List.of("127.0.0.1:" + port))))));
  }

  /** Aborts or fails the calling test when prometheus is not installed. */
  static Path prometheusBinary() {
    return new ExternalTool("prometheus", "prometheus").require();
  }

  static Path alertmanagerBinary() {
    return new ExternalTool("prometheus-alertmanager", "prometheus-alertmanager").require();
  }

  /** Prometheus with config (a file in dir) on port; name tells several apart. */
  static ServerProcess prometheus(Path dir, String name, String config, int port, String... more)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve(name + "-data"));
    List<String> arguments = new ArrayList<>();
    arguments.add("--config.file=" + config);
    arguments.add("--storage.tsdb.path=" + name + "-data");
    arguments.add("--web.listen-address=127.0.0.1:" + port);
    arguments.addAll(List.of(more));
    return started(
        new ServerProcess(name, prometheusBinary(), dir, arguments.toArray(String[]::new)), port);
  }

  /** A single Alertmanager, without gossip, with config (a file in dir) on port. */
  static ServerProcess alertmanager(Path dir, String config, int port)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("alertmanager-data"));
    return started(
        new ServerProcess(
            "alertmanager",
            alertmanagerBinary(),
            dir,
            "--config.file=" + config,
            "--storage.path=alertmanager-data",
            "--web.listen-address=127.0.0.1:" + port,
            "--cluster.listen-address="),
        port);
  }

  private static ServerProcess started(ServerProcess server, int port)
      throws IOException, InterruptedException {
    try {
      server.awaitReady("http://127.0.0.1:" + port + "/-/ready", READY);
      return server;
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
  }
}
