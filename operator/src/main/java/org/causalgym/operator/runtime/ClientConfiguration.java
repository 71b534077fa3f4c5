package org.causalgym.operator.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;

/**
 * The Kubernetes client's configuration as Fabric8 finds it (kubeconfig, in-cluster service
 * account, environment), without a token refresh that cannot find a token. Fabric8 7.5.2's
 * TokenRefreshInterceptor refreshes the configuration once a minute, but counts a refresh as done
 * only when it found a token ({@code overrideNewAccessTokenToConfig}); where the client
 * authenticates without one (a kubeconfig with a client certificate, as kind, minikube and kubeadm
 * write them, or no credentials at all) every request after the first minute auto-configured the
 * client again, reading and parsing the kubeconfig files: a sixth of the operator's CPU per edit in
 * the benchmark (docs/benchmarks.md). Where no token was found at start and no auth provider could
 * make one, the client is given a token provider that has none, which the interceptor asks instead
 * of the files. A token found at start (a service account's, an exec plugin's, a kubeconfig's) is
 * refreshed as Fabric8 does.
 */
public final class ClientConfiguration {

  private ClientConfiguration() {}

  /**
   * Found as {@code new KubernetesClientBuilder()} finds it, refreshed only where it has a token.
   */
  public static Config autoConfigured() {
    return withoutFruitlessRefresh(new ConfigBuilder().build());
  }

  /** The configuration, given a provider without a token where it has no token to refresh. */
  static Config withoutFruitlessRefresh(Config config) {
    if (config.getOauthTokenProvider() == null
        && empty(config.getOauthToken())
        && empty(config.getAutoOAuthToken())
        && config.getAuthProvider() == null) {
      config.setOauthTokenProvider(() -> null);
    }
    return config;
  }

  private static boolean empty(String token) {
    return token == null || token.isEmpty();
  }
}
