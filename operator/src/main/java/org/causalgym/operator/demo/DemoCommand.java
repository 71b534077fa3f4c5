package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringStatus;
import org.causalgym.operator.api.ManagedResourceStatus;
import org.causalgym.operator.cli.ResourceReader;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.status.ConditionType;
import org.causalgym.operator.status.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The demo command: the real operator against an in-process Kubernetes API, no cluster needed. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start an in-process Kubernetes API on 127.0.0.1, apply the full sample (or -f FILE), run"
            + " the operator against it, print every object it created, write a kubeconfig for"
            + " that API and serve /healthz, /readyz and /metrics until Ctrl-C.")
public class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE",
      description = "A CausalGymMonitoring to apply instead of samples/full.yaml.")
  Path file;

  /** Where health and metrics are served unless --http-port or HTTP_PORT say otherwise. */
  static final int DEFAULT_HTTP_PORT = 8080;

  @Option(
      names = "--http-port",
      defaultValue = "${env:HTTP_PORT}",
      description =
          "Port of /healthz, /readyz and /metrics on 127.0.0.1 (default "
              + DEFAULT_HTTP_PORT
              + ", or a free one when that is taken; 0 picks a free one).")
  Integer httpPort;

  @Option(
      names = "--api-port",
      defaultValue = "0",
      description = "Port of the Kubernetes API on 127.0.0.1; 0 picks a free one (default).")
  int apiPort;

  @Option(
      names = "--kubeconfig",
      defaultValue = "causal-gym-demo.kubeconfig",
      description = "Where to write the kubeconfig of the demo API (default ${DEFAULT-VALUE}).")
  Path kubeconfig;

  @Option(
      names = "--log-file",
      defaultValue = "causal-gym-demo.log",
      description =
          "Where the operator's and the frameworks' logs go, appended (default ${DEFAULT-VALUE}).")
  Path logFile;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print the logs here, after the report, instead of into --log-file.")
  boolean verbose;

  @Option(names = "--exit", description = "Stop after printing, instead of serving until Ctrl-C.")
  boolean exit;

  @Option(
      names = "--without-prometheus",
      description =
          "Do not start the stand-in gym and the real Prometheus (started by default where a"
              + " prometheus binary is on the PATH) that condition Observed reports on.")
  boolean withoutPrometheus;

  /** What demo prints of the objects it made. */
  enum Output {
    table,
    yaml
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table: what was created and its state (default); yaml: the whole objects.")
  Output output;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CausalGymMonitoring resource;
    try {
      resource = ResourceReader.read(input(), "default").get(0);
    } catch (ResourceReader.InvalidInputException e) {
      e.getMessage().lines().forEach(line -> err.println("error: " + source() + ": " + line));
      return 1;
    }
    int http = httpPort != null ? httpPort : DEFAULT_HTTP_PORT;
    if (httpPort == null && !free(DEFAULT_HTTP_PORT)) {
      http = 0;
    }
    boolean observe = !withoutPrometheus && DemoPrometheus.installed();
    boolean standIns =
        observe
            && (resource.getSpec().prometheus.url == null
                || resource.getSpec().prometheus.url.isBlank());
    out.println(
        "# Causal Gym demo: an in-process Kubernetes API (a stand-in: no nodes, so no pod runs and"
            + " Available stays False), the real operator"
            + (standIns ? ", a real Prometheus and a stand-in gym" : "")
            + ", all on 127.0.0.1.");
    out.println(
        verbose
            ? "# Logs: printed here (without --verbose they go to " + logFile + ")."
            : "# Logs: " + logFile.toAbsolutePath() + " (--verbose prints them here).");
    out.flush();
    DemoLogFile logs = verbose ? null : DemoLogFile.open(logFile);
    Demo demo;
    try {
      demo = Demo.start(resource, apiPort, http, observe);
    } catch (PortTaken e) {
      closeQuietly(logs);
      String flag = e.which() == PortTaken.Port.HTTP ? "--http-port" : "--api-port";
      err.println(
          "error: " + e.getMessage() + "; choose another with " + flag + " (0 picks a free one)");
      return 1;
    } catch (RuntimeException | IOException e) {
      closeQuietly(logs);
      throw e;
    }
    try {
      if (http != (httpPort != null ? httpPort : DEFAULT_HTTP_PORT)) {
        out.printf(
            "# Port %d is taken, so health and metrics are on %d (--http-port chooses).%n",
            DEFAULT_HTTP_PORT, demo.httpPort());
      }
      report(demo, out);
    } catch (IOException | RuntimeException e) {
      demo.close();
      closeQuietly(logs);
      throw e;
    }
    if (exit) {
      demo.close();
      closeQuietly(logs);
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  demo.close();
                  stopped.countDown();
                },
                "demo-shutdown"));
    out.println("# Serving until Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }

  private static void closeQuietly(DemoLogFile logs) {
    if (logs != null) {
      logs.close();
    }
  }

  /** Whether nothing listens on port of 127.0.0.1 now. */
  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private String source() {
    return file == null ? "samples/full.yaml" : file.toString();
  }

  /**
   * Writes the kubeconfig, and prints what was made, what was skipped and why, the status, and then
   * the commands to try next.
   */
  private void report(Demo demo, PrintWriter out) throws IOException {
    CausalGymMonitoring resource = demo.resource();
    demo.writeKubeconfig(kubeconfig);
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    CausalGymMonitoringStatus status = resource.getStatus();
    if (output == Output.yaml) {
      out.print(demo.createdObjects());
    } else {
      out.printf("# Applied %s/%s from %s:%n", ns, name, source());
      out.printf("%-20s %-24s %s%n", "KIND", "NAME", "STATE");
      for (ManagedResourceStatus object : status.resources) {
        if (object.state != ManagedResourceStatus.State.Skipped) {
          out.printf(
              "%-20s %-24s %s%n",
              object.kind,
              object.name,
              object.reason == null ? object.state : object.state + " (" + object.reason + ")");
        }
      }
      skipped(status).ifPresent(out::println);
    }
    Condition ready = StatusReport.ready(status);
    out.printf(
        """
        # CausalGymMonitoring %s/%s: Ready=%s %s, %d alert rules
        #   %s
        %s# Kubernetes API: %s   kubeconfig: %s
        # Health and metrics: http://127.0.0.1:%d/healthz /readyz /metrics
        # Next, in another shell (the rule follows the threshold within a second):
        #   export KUBECONFIG=%s
        #   kubectl get cgm,deploy,svc,cm
        #   kubectl patch cgm %s --type=merge -p '{"spec":{"alerts":{"highErrorRate":{"threshold":0.5}}}}'
        #   %s
        %s# The whole objects: demo --output yaml, or kubectl get deploy %s -o yaml
        """,
        ns,
        name,
        ready.getStatus(),
        ready.getReason(),
        status.alertRules,
        ready.getMessage(),
        monitoring(demo, resource),
        demo.cluster().url(),
        kubeconfig.toAbsolutePath(),
        demo.httpPort(),
        kubeconfig.toAbsolutePath(),
        name,
        ruleQuery(resource),
        nextCommands(demo, resource),
        name);
    out.flush();
  }

  /**
   * One line for every object the resource does not make, grouped by why: the reasons are in
   * status.resources, and a group of more than two is counted rather than listed.
   */
  static Optional<String> skipped(CausalGymMonitoringStatus status) {
    Map<String, List<String>> byReason = new LinkedHashMap<>();
    for (ManagedResourceStatus object : status.resources) {
      if (object.state == ManagedResourceStatus.State.Skipped) {
        String reason = object.reason == null ? "" : object.reason;
        int clause = reason.indexOf(';');
        byReason
            .computeIfAbsent(
                clause < 0 ? reason : reason.substring(0, clause), r -> new ArrayList<>())
            .add(object.kind + "/" + object.name);
      }
    }
    if (byReason.isEmpty()) {
      return Optional.empty();
    }
    List<String> groups = new ArrayList<>();
    byReason.forEach(
        (reason, objects) ->
            groups.add(
                (objects.size() > 2 ? objects.size() + " objects" : String.join(", ", objects))
                    + " ("
                    + reason
                    + ")"));
    return Optional.of(
        "# Skipped "
            + byReason.values().stream().mapToInt(List::size).sum()
            + ", as status.resources says: "
            + String.join("; ", groups));
  }

  /** The command that shows the HighErrorRate expression where this resource publishes it. */
  private static String ruleQuery(CausalGymMonitoring resource) {
    String name = resource.getMetadata().getName();
    boolean inPrometheusRule =
        resource.getStatus().resources.stream()
            .anyMatch(
                r ->
                    r.kind.equals("PrometheusRule")
                        && r.state == ManagedResourceStatus.State.Applied);
    return inPrometheusRule
        ? "kubectl get prometheusrule " + name + " -o jsonpath='{.spec.groups[0].rules[0].expr}'"
        : "kubectl get cm "
            + GymPlan.Names.of(resource).plainPrometheusConfig()
            + " -o jsonpath='{.data.rules\\.yaml}'";
  }

  /** The conditions that say whether the gym is really monitored, and what makes them so here. */
  private String monitoring(Demo demo, CausalGymMonitoring resource) {
    StringBuilder text = new StringBuilder();
    for (Condition condition : resource.getStatus().conditions) {
      if (!ConditionType.Ready.name().equals(condition.getType())) {
        boolean noPods =
            ConditionType.Available.name().equals(condition.getType())
                && "False".equals(condition.getStatus());
        text.append(
            "# %s=%s %s: %s%s%n"
                .formatted(
                    condition.getType(),
                    condition.getStatus(),
                    condition.getReason(),
                    condition.getMessage(),
                    noPods ? " (as expected here: the demo API runs no pods)" : ""));
      }
    }
    if (resource.getStatus().stack != null) {
      text.append(
          "# The managed stack (no pods run here: the demo API has no kubelet): Prometheus %s, Alertmanager %s, Grafana %s%n"
              .formatted(
                  resource.getStatus().stack.prometheus,
                  resource.getStatus().stack.alertmanager,
                  resource.getStatus().stack.grafana));
    }
    if (demo.prometheus().isPresent()) {
      text.append(
          "# A real Prometheus (%s) scrapes a stand-in gym with this resource's rules.%n"
              .formatted(demo.prometheus().get().url()));
    } else if (!withoutPrometheus && !DemoPrometheus.installed()) {
      text.append(
          "# Observed is not shown: no prometheus binary here. With "
              + DemoPrometheus.HOW_TO_INSTALL
              + ",\n# the demo starts a real Prometheus and a stand-in gym and status says what it"
              + " really scrapes.\n");
    }
    return text.toString();
  }

  /** The commands that move this resource's other conditions, where they apply. */
  private static String nextCommands(Demo demo, CausalGymMonitoring resource) {
    StringBuilder text = new StringBuilder();
    String name = resource.getMetadata().getName();
    boolean notSelected =
        resource.getStatus().conditions.stream()
            .anyMatch(
                c ->
                    ConditionType.Selected.name().equals(c.getType())
                        && "False".equals(c.getStatus()));
    if (notSelected && !resource.getSpec().prometheus.selectorLabels.containsKey("release")) {
      text.append(
          ("#   # to be selected by the demo's kube-prometheus-stack release %s:%n"
                  + "#   kubectl patch cgm %s --type=merge -p"
                  + " '{\"spec\":{\"prometheus\":{\"selectorLabels\":{\"release\":\"%s\"}}}}'%n")
              .formatted(Demo.KUBE_PROMETHEUS_STACK, name, Demo.KUBE_PROMETHEUS_STACK));
    }
    demo.prometheus()
        .ifPresent(
            prometheus ->
                text.append(
                    ("#   # raise the stand-in gym's error rate; HighErrorRate fires after"
                            + " spec.alerts.highErrorRate.for (%s):%n"
                            + "#   curl -X POST '%s?perSecond=50'%n"
                            + "#   kubectl get cgm %s -w%n"
                            + "#   kubectl get cgm %s -o jsonpath='{.status.observed.firing}'%n")
                        .formatted(
                            resource.getSpec().alerts.highErrorRate.forDuration,
                            prometheus.errorsControlUrl(),
                            name,
                            name)));
    if (demo.prometheus().isPresent() && !resource.getSpec().slos.isEmpty()) {
      text.append(
          ("#   # the objectives' error budget left and 1h burn rate (the stand-in serves 20"
                  + " responses a second):%n"
                  + "#   kubectl get cgm %s -o jsonpath='{.status.observed.slos}'%n")
              .formatted(name));
    }
    return text.toString();
  }

  private byte[] input() throws IOException {
    if (file != null) {
      return Files.readAllBytes(file);
    }
    try (InputStream sample = DemoCommand.class.getResourceAsStream("/samples/full.yaml")) {
      if (sample == null) {
        throw new IOException("samples/full.yaml is not packaged in the jar");
      }
      return sample.readAllBytes();
    }
  }
}
