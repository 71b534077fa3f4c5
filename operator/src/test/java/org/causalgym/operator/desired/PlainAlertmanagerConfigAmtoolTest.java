package org.causalgym.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.WebhookReceiverSpec;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plain form's alertmanager.yaml, checked and routed by the real amtool. */
class PlainAlertmanagerConfigAmtoolTest {

  private final ExternalTool amtool = ExternalTool.amtool();

  @TempDir Path dir;

  static Stream<Arguments> resources() {
    List<Arguments> cases = new ArrayList<>();
    for (Path sample : Repository.sampleFiles()) {
      cases.add(Arguments.of(sample.getFileName().toString(), Repository.resource(sample)));
    }
    cases.add(
        Arguments.of(
            "every receiver type", Repository.resource(Repository.testResource("receivers.yaml"))));
    cases.add(
        Arguments.of(
            "managed, own e-mail subject",
            Repository.resource(Repository.testResource("managed-ephemeral.yaml"))));
    return cases.stream();
  }

  private Path write(CausalGymMonitoring cr) throws IOException {
    Path file = dir.resolve("alertmanager.yaml");
    Files.writeString(file, PlainAlertmanagerConfigModel.config(cr));
    return file;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void amtoolAcceptsTheConfig(String name, CausalGymMonitoring cr) throws IOException {
    Path file = write(cr);
    ExternalTool.Result result = amtool.run(dir, "check-config", file.toString());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("SUCCESS")
        .contains((cr.getSpec().alertmanager.receivers.size() + 1) + " receivers");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void aCriticalServiceDownOfThisResourceReachesEveryReceiver(String name, CausalGymMonitoring cr)
      throws IOException {
    Path file = write(cr);
    List<String> receivers =
        cr.getSpec().alertmanager.receivers.stream().map((ReceiverSpec r) -> r.name).toList();
    String expected =
        receivers.isEmpty() ? AlertmanagerConfigModel.NULL_RECEIVER : String.join(",", receivers);

    assertThat(route(file, cr.getMetadata().getNamespace(), cr.getMetadata().getName()))
        .isEqualTo(expected);
    // Alerts of another resource, or of a namesake in another namespace, are not ours to send.
    assertThat(route(file, cr.getMetadata().getNamespace() + "-x", cr.getMetadata().getName()))
        .isEqualTo(AlertmanagerConfigModel.NULL_RECEIVER);
    assertThat(route(file, cr.getMetadata().getNamespace(), cr.getMetadata().getName() + "-x"))
        .isEqualTo(AlertmanagerConfigModel.NULL_RECEIVER);
  }

  /** The receivers amtool routes a critical ServiceDown alert of namespace/name to. */
  private String route(Path file, String namespace, String name) {
    ExternalTool.Result result =
        amtool.run(
            dir,
            "config",
            "routes",
            "test",
            "--config.file=" + file,
            "alertname=" + PrometheusRuleModel.SERVICE_DOWN,
            "severity=critical",
            "job=" + name,
            "namespace=" + namespace,
            AlertLabels.RESOURCE_LABEL + "=" + name);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output().lines().filter(l -> !l.startsWith("Warning:")).findFirst().orElse("");
  }

  @Test
  void aWebhookUrlFromASecretIsReadFromItsMountedFile() {
    CausalGymMonitoring cr = Repository.resource(Repository.testResource("receivers.yaml"));
    ReceiverSpec hook = new ReceiverSpec();
    hook.name = "hook-secret";
    hook.webhook = new WebhookReceiverSpec();
    hook.webhook.urlSecret = new SecretKeyRef("hook-urls", "incident");
    cr.getSpec().alertmanager.receivers.add(hook);

    assertThat(PlainAlertmanagerConfigModel.config(cr))
        .contains(
            "  webhook_configs:\n  - url_file: /etc/alertmanager/secrets/hook-urls/incident\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resources")
  void credentialsAppearOnlyAsFilePaths(String name, CausalGymMonitoring cr) {
    String config = PlainAlertmanagerConfigModel.config(cr);
    for (SecretReferences.Reference reference : SecretReferences.receivers(cr)) {
      assertThat(config).contains(": " + PlainAlertmanagerConfigModel.file(reference.ref()));
    }
    assertThat(config)
        .doesNotContainPattern("(?m)^\\s*(auth_password|api_url|auth_secret|password):");
  }
}
