package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Kubectl;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the demo's API reads the OpenAPI v3 documents built from the served
 * CRDs: explain names the CRD's fields and descriptions, and apply needs no --validate=false, the
 * server refusing under fieldValidation=Strict what the schema does not know.
 */
class KubectlOpenApiTest {

  @TempDir static Path dir;

  private static Demo demo;
  private static Kubectl kubectl;
  private static JsonNode crdSchema;

  @BeforeAll
  static void start() throws Exception {
    demo = Demo.start(Repository.resource(Repository.samples().resolve("full.yaml")), 0, 0, false);
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    demo.writeKubeconfig(kubeconfig);
    kubectl = Kubectl.against(kubeconfig);
    crdSchema =
        new YAMLMapper()
            .readTree(
                Repository.root()
                    .resolve("crds/causalgymmonitorings.monitoring.causal-gym.org-v1.yml")
                    .toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema");
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void explainNamesTheFieldsOfTheSpecWithTheirDescriptions() {
    ExternalTool.Result explain = kubectl.run("explain", "cgm.spec");

    assertThat(explain.exitCode()).as(explain.output()).isZero();
    assertThat(explain.output())
        .contains("GROUP:      monitoring.causal-gym.org")
        .contains("KIND:       CausalGymMonitoring")
        .contains("VERSION:    v1alpha1")
        .contains("FIELD: spec <Object>");
    crdSchema
        .at("/properties/spec/properties")
        .properties()
        .forEach(
            field ->
                assertThat(explain.output())
                    .contains(field.getKey() + "\t<")
                    .contains(firstWords(field.getValue().path("description").asText())));
  }

  @Test
  void explainFollowsANestedFieldAndRecursesIntoIt() {
    JsonNode threshold =
        crdSchema.at(
            "/properties/spec/properties/alerts/properties/highErrorRate/properties/threshold");

    ExternalTool.Result field = kubectl.run("explain", "cgm.spec.alerts.highErrorRate.threshold");
    ExternalTool.Result recursive = kubectl.run("explain", "cgm.spec.app", "--recursive");
    ExternalTool.Result missing = kubectl.run("explain", "cgm.spec.nosuchfield");

    assertThat(field.exitCode()).as(field.output()).isZero();
    assertThat(field.output())
        .contains("FIELD: threshold <number>")
        .contains(firstWords(threshold.path("description").asText()));
    assertThat(recursive.exitCode()).as(recursive.output()).isZero();
    assertThat(recursive.output())
        .contains("liveness\t<Object>", "    initialDelaySeconds\t<integer>", "env\t<[]Object>");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("field \"nosuchfield\" does not exist");
  }

  @Test
  void theSamplesApplyWithDefaultValidationUnderOtherNamesAndNamespaces() throws Exception {
    for (String sample : new String[] {"minimal.yaml", "full.yaml"}) {
      String name = "openapi-" + sample.replace(".yaml", "");
      Path copy = renamed(sample, name);

      ExternalTool.Result created =
          kubectl.run("apply", "-n", "openapi-samples", "-f", copy.toString());
      ExternalTool.Result again =
          kubectl.run("apply", "-n", "openapi-samples", "-f", copy.toString());

      assertThat(created.exitCode()).as(created.output()).isZero();
      assertThat(created.output())
          .contains("causalgymmonitoring.monitoring.causal-gym.org/" + name + " created")
          .doesNotContain("Warning");
      assertThat(again.exitCode()).as(again.output()).isZero();
      assertThat(again.output()).contains(name + " unchanged");
      assertThat(
              demo.cluster()
                  .client()
                  .resources(CausalGymMonitoring.class)
                  .inNamespace("openapi-samples")
                  .withName(name)
                  .get())
          .isNotNull();
    }
  }

  @Test
  void aChangedResourceIsPatchedUnderStrictValidation() throws Exception {
    Path first = renamed("minimal.yaml", "openapi-changed");
    kubectl.run("apply", "-n", "openapi-changes", "-f", first.toString());
    Path changed = dir.resolve("changed.yaml");
    Files.writeString(
        changed, Files.readString(first).replace("  app:\n", "  app:\n    replicas: 2\n"));

    ExternalTool.Result apply =
        kubectl.run("apply", "-n", "openapi-changes", "-f", changed.toString());

    assertThat(apply.exitCode()).as(apply.output()).isZero();
    assertThat(apply.output()).contains("openapi-changed configured");
    assertThat(
            demo.cluster()
                .client()
                .resources(CausalGymMonitoring.class)
                .inNamespace("openapi-changes")
                .withName("openapi-changed")
                .get()
                .getSpec()
                .app
                .replicas)
        .isEqualTo(2);
  }

  @Test
  void anUnknownFieldIsRefusedByNameOnCreateAndOnPatch() throws Exception {
    Path unknown = dir.resolve("unknown.yaml");
    Files.writeString(
        unknown,
        Files.readString(renamed("minimal.yaml", "openapi-unknown"))
            .replace("  app:\n", "  app:\n    replicaz: 2\n"));
    Path known = renamed("minimal.yaml", "openapi-patched");
    Path patched = dir.resolve("patched.yaml");
    Files.writeString(
        patched, Files.readString(known).replace("  app:\n", "  app:\n    replicaz: 2\n"));

    ExternalTool.Result create =
        kubectl.run("apply", "-n", "openapi-strict", "-f", unknown.toString());
    ExternalTool.Result first =
        kubectl.run("apply", "-n", "openapi-strict", "-f", known.toString());
    ExternalTool.Result patch =
        kubectl.run("apply", "-n", "openapi-strict", "-f", patched.toString());

    assertThat(create.exitCode()).isNotZero();
    assertThat(create.output())
        .contains("BadRequest")
        .contains("strict decoding error: unknown field \"spec.app.replicaz\"");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(patch.exitCode()).isNotZero();
    assertThat(patch.output())
        .contains("strict decoding error: unknown field \"spec.app.replicaz\"");
    assertThat(
            demo.cluster()
                .client()
                .resources(CausalGymMonitoring.class)
                .inNamespace("openapi-strict")
                .withName("openapi-unknown")
                .get())
        .isNull();
  }

  @Test
  void aMistypedFieldIsRefusedByName() throws Exception {
    Path mistyped = dir.resolve("mistyped.yaml");
    Files.writeString(
        mistyped,
        Files.readString(renamed("minimal.yaml", "openapi-mistyped"))
            .replace("  app:\n", "  app:\n    replicas: three\n"));

    ExternalTool.Result apply =
        kubectl.run("apply", "-n", "openapi-types", "-f", mistyped.toString());

    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.output()).contains("spec.app.replicas");
  }

  @Test
  void warnStoresTheResourceWithoutTheUnknownFieldAndSaysSo() throws Exception {
    Path unknown = dir.resolve("warned.yaml");
    Files.writeString(
        unknown,
        Files.readString(renamed("minimal.yaml", "openapi-warned"))
            .replace("  app:\n", "  app:\n    replicaz: 2\n"));

    ExternalTool.Result apply =
        kubectl.run("apply", "--validate=warn", "-n", "openapi-warn", "-f", unknown.toString());

    assertThat(apply.exitCode()).as(apply.output()).isZero();
    assertThat(apply.output()).contains("Warning: unknown field \"spec.app.replicaz\"");
    GenericKubernetesResource stored =
        demo.cluster()
            .client()
            .genericKubernetesResources(
                HasMetadata.getApiVersion(CausalGymMonitoring.class),
                HasMetadata.getKind(CausalGymMonitoring.class))
            .inNamespace("openapi-warn")
            .withName("openapi-warned")
            .get();
    assertThat(stored).isNotNull();
    assertThat(stored.<String>get("spec", "app", "image")).startsWith("ghcr.io/");
    assertThat(stored.<Object>get("spec", "app", "replicaz")).isNull();
  }

  @Test
  void builtInKindsApplyAndReapply() throws Exception {
    Path configMap = dir.resolve("configmap.yaml");
    Files.writeString(
        configMap,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: openapi-settings
        data:
          level: info
        """);
    Path deployment = dir.resolve("deployment.yaml");
    Files.writeString(
        deployment,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: openapi-web
        spec:
          replicas: 1
          selector:
            matchLabels: {app: openapi-web}
          template:
            metadata:
              labels: {app: openapi-web}
            spec:
              containers:
              - name: web
                image: nginx:1.27
        """);

    ExternalTool.Result created =
        kubectl.run(
            "apply",
            "-n",
            "openapi-builtin",
            "-f",
            configMap.toString(),
            "-f",
            deployment.toString());
    Files.writeString(
        configMap, Files.readString(configMap).replace("level: info", "level: debug"));
    ExternalTool.Result configured =
        kubectl.run("apply", "-n", "openapi-builtin", "-f", configMap.toString());

    assertThat(created.exitCode()).as(created.output()).isZero();
    assertThat(created.output())
        .contains("configmap/openapi-settings created", "deployment.apps/openapi-web created");
    assertThat(configured.exitCode()).as(configured.output()).isZero();
    assertThat(configured.output()).contains("configmap/openapi-settings configured");
    assertThat(
            demo.cluster()
                .client()
                .resources(ConfigMap.class)
                .inNamespace("openapi-builtin")
                .withName("openapi-settings")
                .get()
                .getData())
        .containsEntry("level", "debug");
    assertThat(
            demo.cluster()
                .client()
                .resources(Deployment.class)
                .inNamespace("openapi-builtin")
                .withName("openapi-web")
                .get())
        .isNotNull();
  }

  @Test
  void aCrdWithAnOpenSchemaTakesAnyFieldAndIsExplained() throws Exception {
    Path serviceMonitor = dir.resolve("servicemonitor.yaml");
    Files.writeString(
        serviceMonitor,
        """
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata:
          name: openapi-open
        spec:
          anything: goes
          endpoints:
          - port: metrics
        """);

    ExternalTool.Result apply =
        kubectl.run("apply", "-n", "openapi-open", "-f", serviceMonitor.toString());
    ExternalTool.Result explain = kubectl.run("explain", "servicemonitor");

    assertThat(apply.exitCode()).as(apply.output()).isZero();
    assertThat(apply.output())
        .contains("servicemonitor.monitoring.coreos.com/openapi-open created");
    assertThat(explain.exitCode()).as(explain.output()).isZero();
    assertThat(explain.output())
        .contains("KIND:       ServiceMonitor", "metadata\t<ObjectMeta>", "kind\t<string>");
  }

  /** A sample with its name replaced, written beside the kubeconfig. */
  private static Path renamed(String sample, String name) throws Exception {
    Path copy = dir.resolve(name + ".yaml");
    Files.writeString(
        copy,
        Repository.text(Repository.samples().resolve(sample))
            .replaceFirst("(?m)^  name: gym$", "  name: " + name)
            .replaceFirst("(?m)^  namespace: .*\n", ""));
    return copy;
  }

  /** The start of a description, before kubectl wraps it at 76 columns. */
  private static String firstWords(String description) {
    String[] words = description.split(" ");
    return String.join(" ", java.util.Arrays.copyOf(words, Math.min(4, words.length)));
  }
}
