package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Option(
      names = "--http-port",
      defaultValue = "${env:HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int httpPort;

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
      String source = file == null ? "samples/full.yaml" : file.toString();
      e.getMessage().lines().forEach(line -> err.println("error: " + source + ": " + line));
      return 1;
    }
    Demo demo;
    try {
      demo = Demo.start(resource, apiPort, httpPort, !withoutPrometheus);
    } catch (PortTaken e) {
      String flag = e.which() == PortTaken.Port.HTTP ? "--http-port" : "--api-port";
      err.println(
          "error: " + e.getMessage() + "; choose another with " + flag + " (0 picks a free one)");
      return 1;
    }
    try {
      report(demo, out);
    } catch (IOException | RuntimeException e) {
      demo.close();
      throw e;
    }
    if (exit) {
      demo.close();
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

  /** Writes the kubeconfig, and prints the objects, the status and what to try next. */
  private void report(Demo demo, PrintWriter out) throws IOException {
    CausalGymMonitoring resource = demo.resource();
    demo.writeKubeconfig(kubeconfig);
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    CausalGymMonitoringStatus status = resource.getStatus();
    if (output == Output.yaml) {
      out.print(demo.createdObjects());
    } else {
      out.printf("%-20s %-24s %s%n", "KIND", "NAME", "STATE");
      for (ManagedResourceStatus object : status.resources) {
        out.printf(
            "%-20s %-24s %s%n",
            object.kind,
            object.name,
            object.reason == null ? object.state : object.state + " (" + object.reason + ")");
      }
    }
    Condition ready = StatusReport.ready(status);
    out.printf(
        """
        # CausalGymMonitoring %s/%s: Ready=%s %s, %d alert rules
        #   %s
        %s# Kubernetes API: %s   kubeconfig: %s
        # Health and metrics: http://127.0.0.1:%d/healthz /readyz /metrics
        # Try, in another shell (the rule follows the threshold within a second):
        #   export KUBECONFIG=%s
        #   kubectl get cgm,deploy,svc,cm
        #   kubectl patch cgm %s --type=merge -p '{"spec":{"alerts":{"highErrorRate":{"threshold":0.5}}}}'
        #   %s
        # The whole objects: demo --output yaml, or kubectl get deploy %s -o yaml
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
        name);
    out.flush();
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

  /** The conditions that say whether the gym is really monitored, and how to see them move. */
  private String monitoring(Demo demo, CausalGymMonitoring resource) {
    StringBuilder text = new StringBuilder();
    for (Condition condition : resource.getStatus().conditions) {
      if (!ConditionType.Ready.name().equals(condition.getType())) {
        text.append(
            "# %s=%s %s: %s%n"
                .formatted(
                    condition.getType(),
                    condition.getStatus(),
                    condition.getReason(),
                    condition.getMessage()));
      }
    }
    String name = resource.getMetadata().getName();
    if (resource.getStatus().stack != null) {
      text.append(
          "# The managed stack (no pods run here: the demo API has no kubelet): Prometheus %s, Alertmanager %s, Grafana %s%n"
              .formatted(
                  resource.getStatus().stack.prometheus,
                  resource.getStatus().stack.alertmanager,
                  resource.getStatus().stack.grafana));
    }
    boolean notSelected =
        resource.getStatus().conditions.stream()
            .anyMatch(
                c ->
                    ConditionType.Selected.name().equals(c.getType())
                        && "False".equals(c.getStatus()));
    if (notSelected && !resource.getSpec().prometheus.selectorLabels.containsKey("release")) {
      text.append(
          ("# The demo cluster runs a kube-prometheus-stack release %s; to be selected by it:%n"
                  + "#   kubectl patch cgm %s --type=merge -p"
                  + " '{\"spec\":{\"prometheus\":{\"selectorLabels\":{\"release\":\"%s\"}}}}'%n")
              .formatted(Demo.KUBE_PROMETHEUS_STACK, name, Demo.KUBE_PROMETHEUS_STACK));
    }
    if (demo.prometheus().isPresent()) {
      text.append(
          ("# A real Prometheus (%s) scrapes a stand-in gym with this resource's rules. Raise the"
                  + " gym's error rate,%n"
                  + "# and HighErrorRate appears under status.observed.firing after"
                  + " spec.alerts.highErrorRate.for (%s):%n"
                  + "#   curl -X POST '%s?perSecond=50'%n"
                  + "#   kubectl get cgm %s -w    # or: kubectl get cgm %s -o"
                  + " jsonpath='{.status.observed.firing}'%n")
              .formatted(
                  demo.prometheus().get().url(),
                  resource.getSpec().alerts.highErrorRate.forDuration,
                  demo.prometheus().get().errorsControlUrl(),
                  name,
                  name));
    } else if (!withoutPrometheus && !DemoPrometheus.installed()) {
      text.append(
          "# Observed is not shown: no prometheus binary here. With "
              + DemoPrometheus.HOW_TO_INSTALL
              + ",\n# the demo starts a real Prometheus and a stand-in gym and status says what it"
              + " really scrapes.\n");
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
