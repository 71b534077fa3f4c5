package org.causalgym.operator.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.causalgym.operator.admission.PrometheusTargets;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.admission.SpecViolation;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.OwnedObject;
import org.causalgym.operator.desired.PlainYaml;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.promql.PrometheusTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The render command: prints every object the operator would create, without a cluster. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description =
        "Print, as multi-document YAML, every object the operator would create for the"
            + " CausalGymMonitoring resources in FILE. Needs no cluster.")
public class RenderCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "YAML file with one or more CausalGymMonitoring resources; - reads stdin.")
  String file;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Namespace of resources that name none (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--without-prometheus-operator",
      description =
          "Render as for a cluster without the monitoring.coreos.com CRDs: no ServiceMonitor,"
              + " PrometheusRule or AlertmanagerConfig, but their plain form: a ConfigMap with the"
              + " scrape job and rule file, and a Secret with a complete alertmanager.yaml.")
  boolean withoutPrometheusOperator;

  @Option(
      names = "--with-grafana-operator",
      description =
          "Render as for a cluster where grafana-operator serves GrafanaDashboard: with"
              + " dashboards.mode auto, a GrafanaDashboard instead of the dashboards' ConfigMap.")
  boolean withGrafanaOperator;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<CausalGymMonitoring> resources;
    try {
      resources = ResourceReader.read(readInput(), namespace);
    } catch (NoSuchFileException e) {
      err.println("error: " + file + ": no such file");
      return 1;
    } catch (ResourceReader.InvalidInputException | IOException e) {
      e.getMessage().lines().forEach(line -> err.println("error: " + file + ": " + line));
      return 1;
    }
    // Validate all before printing any, so invalid input never yields half the objects.
    boolean valid = true;
    for (CausalGymMonitoring resource : resources) {
      // No Prometheus to ask here: the operator may later check for the version one reports.
      PrometheusTarget target = PrometheusTargets.choose(resource, Optional.empty());
      List<SpecViolation> violations = SpecValidator.check(resource, target).violations();
      for (SpecViolation violation : violations) {
        err.printf(
            "error: %s: %s/%s: %s%n",
            file,
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(),
            violation);
        valid = false;
      }
      if (!violations.isEmpty()) {
        err.printf(
            "note: %s: %s/%s: render asks no Prometheus, so alert rules were checked for %s (%s);"
                + " set spec.prometheus.version to the release that runs them%n",
            file,
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(),
            target.describe(),
            target.reason());
      }
    }
    if (!valid) {
      return 1;
    }
    ServedKinds served =
        ServedKinds.prometheusOperatorOnly()
            .with(!withoutPrometheusOperator, ServedKinds.PROMETHEUS_OPERATOR_OBJECTS)
            .with(withGrafanaOperator, List.of(ServedKinds.GRAFANA_DASHBOARDS));
    List<HasMetadata> objects = new ArrayList<>();
    for (CausalGymMonitoring resource : resources) {
      objects.addAll(OwnedObject.desiredObjects(GymPlan.of(resource, served)));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (HasMetadata object : objects) {
      out.print(PlainYaml.document(object));
    }
    out.flush();
    return 0;
  }

  private byte[] readInput() throws IOException {
    if ("-".equals(file)) {
      InputStream in = System.in;
      return in.readAllBytes();
    }
    return Files.readAllBytes(Path.of(file));
  }
}
