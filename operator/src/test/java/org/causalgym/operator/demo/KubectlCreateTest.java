package org.causalgym.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Kubectl;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl create's typed commands against the demo API: they write protobuf, which the API reads
 * for Namespaces, ConfigMaps and Secrets and refuses, naming the kind, for others.
 */
class KubectlCreateTest {

  @TempDir Path dir;

  @Test
  void namespacesConfigMapsAndSecretsAreStoredAsSent() throws Exception {
    try (Demo demo =
        Demo.start(
            Repository.resource(Repository.samples().resolve("minimal.yaml")), 0, 0, false)) {
      Kubectl kubectl = kubectl(demo);
      KubernetesClient client = demo.cluster().client();
      byte[] binary = {0, (byte) 0xff, 0x10, (byte) 0x80};
      Path file = Files.write(dir.resolve("blob.bin"), binary);

      assertSucceeds(kubectl.run("create", "namespace", "lab-7"));
      assertSucceeds(
          kubectl.run(
              "create",
              "configmap",
              "settings",
              "-n",
              "lab-7",
              "--from-literal=mode=fast",
              "--from-literal=empty=",
              "--from-file=blob.bin=" + file));
      assertSucceeds(
          kubectl.run(
              "create",
              "secret",
              "generic",
              "token",
              "-n",
              "lab-7",
              "--from-literal=password=s3cr\u00e9t",
              "--type=example.org/token"));
      assertSucceeds(kubectl.run("label", "namespace", "lab-7", "team=causal"));

      assertThat(client.namespaces().withName("lab-7").get().getMetadata().getLabels())
          .containsEntry("team", "causal");
      ConfigMap settings = client.configMaps().inNamespace("lab-7").withName("settings").get();
      assertThat(settings.getData()).isEqualTo(Map.of("mode", "fast", "empty", ""));
      assertThat(Base64.getDecoder().decode(settings.getBinaryData().get("blob.bin")))
          .isEqualTo(binary);
      Secret token = client.secrets().inNamespace("lab-7").withName("token").get();
      assertThat(token.getType()).isEqualTo("example.org/token");
      assertThat(
              new String(
                  Base64.getDecoder().decode(token.getData().get("password")),
                  StandardCharsets.UTF_8))
          .isEqualTo("s3cr\u00e9t");
      assertThat(kubectl.run("get", "configmap", "settings", "-n", "lab-7", "-o", "name").output())
          .isEqualTo("configmap/settings\n");
    }
  }

  @Test
  void anotherKindWrittenAsProtobufIsRefusedByName() throws Exception {
    try (Demo demo =
        Demo.start(
            Repository.resource(Repository.samples().resolve("minimal.yaml")), 0, 0, false)) {
      ExternalTool.Result refused = kubectl(demo).run("create", "serviceaccount", "robot");

      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.output())
          .contains("the body of the request was in an unknown format")
          .contains("not ServiceAccount");
      assertThat(demo.cluster().client().serviceAccounts().withName("robot").get()).isNull();
    }
  }

  private Kubectl kubectl(Demo demo) throws Exception {
    Path kubeconfig = dir.resolve("demo.kubeconfig");
    demo.writeKubeconfig(kubeconfig);
    return Kubectl.against(kubeconfig);
  }

  private static void assertSucceeds(ExternalTool.Result result) {
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
