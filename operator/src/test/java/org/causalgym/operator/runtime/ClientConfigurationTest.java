package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fabric8's own TokenRefreshInterceptor, a minute after the client was built, on a configuration
 * read from a kubeconfig: without a token, {@link ClientConfiguration} keeps it from reading the
 * kubeconfig again; with one, the refresh is Fabric8's.
 */
class ClientConfigurationTest {

  @TempDir Path dir;

  @Test
  void withoutATokenTheKubeconfigIsNotReadAgainOnARequest() throws IOException {
    Path kubeconfig = kubeconfig(null);
    Config plain = Config.fromKubeconfig(kubeconfig.toFile());
    Config ours =
        ClientConfiguration.withoutFruitlessRefresh(Config.fromKubeconfig(kubeconfig.toFile()));
    // What a refresh would now find: only a read of the file can put it in a request.
    kubeconfig("written-since");

    assertThat(authorizationOfARequestDueForRefresh(plain))
        .as("the control: Fabric8 reads the kubeconfig again on the request")
        .isEqualTo("Bearer written-since");
    assertThat(authorizationOfARequestDueForRefresh(ours)).isNull();
    assertThat(authorizationOfARequestDueForRefresh(ours))
        .as("nor on the next one, whose refresh was not marked done either")
        .isNull();
    // The client's interceptors are made from the configuration the client holds.
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(ours).build()) {
      assertThat(client.getConfiguration().getOauthTokenProvider())
          .isSameAs(ours.getOauthTokenProvider());
    }
  }

  @Test
  void aTokenFoundAtStartIsLeftToFabric8sRefresh() throws IOException {
    Path kubeconfig = kubeconfig("at-start");
    Config plain = Config.fromKubeconfig(kubeconfig.toFile());
    Config ours =
        ClientConfiguration.withoutFruitlessRefresh(Config.fromKubeconfig(kubeconfig.toFile()));
    kubeconfig("written-since");

    assertThat(ours.getOauthTokenProvider()).isNull();
    assertThat(authorizationOfARequestDueForRefresh(ours))
        .isEqualTo(authorizationOfARequestDueForRefresh(plain))
        .startsWith("Bearer ");
  }

  @Test
  void anAuthProviderIsLeftToFabric8() throws IOException {
    Files.writeString(
        dir.resolve("config"),
        kubeconfigText("    auth-provider:\n      name: oidc\n      config: {}\n"));
    Config ours =
        ClientConfiguration.withoutFruitlessRefresh(
            Config.fromKubeconfig(dir.resolve("config").toFile()));

    assertThat(ours.getAuthProvider()).isNotNull();
    assertThat(ours.getOauthTokenProvider()).isNull();
  }

  /** The Authorization header of a request made once the interceptor's minute has passed. */
  private static String authorizationOfARequestDueForRefresh(Config config) {
    Map<String, String> headers = new HashMap<>();
    new TokenRefreshInterceptor(config, null, Instant.EPOCH)
        .before(new RecordingBuilder(headers), null, null);
    return headers.get("Authorization");
  }

  /** Writes the kubeconfig, with the token where there is one; answers its path. */
  private Path kubeconfig(String token) throws IOException {
    Path file = dir.resolve("config");
    Files.writeString(file, kubeconfigText(token == null ? "" : "    token: " + token + "\n"));
    return file;
  }

  private static String kubeconfigText(String user) {
    return "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- name: c\n"
        + "  cluster:\n"
        + "    server: https://127.0.0.1:6443\n"
        + "contexts:\n"
        + "- name: x\n"
        + "  context:\n"
        + "    cluster: c\n"
        + "    user: u\n"
        + "current-context: x\n"
        + "users:\n"
        + "- name: u\n"
        + "  user:\n"
        + (user.isEmpty() ? "    {}\n" : user);
  }

  /** Records the headers an interceptor sets, as a request builder would take them. */
  private record RecordingBuilder(Map<String, String> headers) implements BasicBuilder {
    @Override
    public BasicBuilder uri(URI uri) {
      return this;
    }

    @Override
    public BasicBuilder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    @Override
    public BasicBuilder setHeader(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }
}
