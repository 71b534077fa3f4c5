package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.causalgym.operator.api.BasicAuthSpec;
import org.causalgym.operator.api.CaRef;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.PrometheusSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.observe.AccessResolver;
import org.causalgym.operator.observe.PrometheusAccess;

/**
 * Reads the CA, bearer token or basic-auth password a resource's spec.prometheus references from
 * the API (or the operator's own service-account token) when a poll series starts; the values stay
 * in memory and no message ever carries one.
 */
public final class PrometheusCredentials implements AccessResolver {

  /** Where the kubelet mounts the pod's service-account token. */
  public static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private final KubernetesClient client;
  private final Path serviceAccountToken;

  public PrometheusCredentials(KubernetesClient client) {
    this(client, SERVICE_ACCOUNT_TOKEN);
  }

  PrometheusCredentials(KubernetesClient client, Path serviceAccountToken) {
    this.client = client;
    this.serviceAccountToken = serviceAccountToken;
  }

  @Override
  public String identity(CausalGymMonitoring resource) {
    PrometheusSpec spec = prometheus(resource);
    if (spec == null) {
      return "";
    }
    StringBuilder id = new StringBuilder();
    if (spec.ca != null) {
      id.append(" ca=")
          .append(spec.ca.kindOrDefault())
          .append('/')
          .append(ref(spec.ca.name, spec.ca.key));
    }
    if (spec.bearerToken != null) {
      id.append(" bearer=").append(ref(spec.bearerToken.name, spec.bearerToken.key));
    }
    if (spec.basicAuth != null) {
      id.append(" basic=").append(spec.basicAuth.username).append(':');
      SecretKeyRef password = spec.basicAuth.password;
      id.append(password == null ? "" : ref(password.name, password.key));
    }
    if (Boolean.TRUE.equals(spec.useServiceAccountToken)) {
      id.append(" serviceAccount");
    }
    return id.isEmpty() ? "" : resource.getMetadata().getNamespace() + id;
  }

  @Override
  public PrometheusAccess resolve(CausalGymMonitoring resource) throws AccessUnavailable {
    PrometheusSpec spec = prometheus(resource);
    if (spec == null) {
      return PrometheusAccess.NONE;
    }
    String namespace = resource.getMetadata().getNamespace();
    SSLContext trust = spec.ca == null ? null : trusting(namespace, spec.ca);
    return new PrometheusAccess(trust, authorization(namespace, spec));
  }

  private String authorization(String namespace, PrometheusSpec spec) throws AccessUnavailable {
    if (spec.bearerToken != null) {
      return "Bearer "
          + secretValue(namespace, "spec.prometheus.bearerToken", spec.bearerToken).strip();
    }
    if (spec.basicAuth != null) {
      BasicAuthSpec basic = spec.basicAuth;
      String password =
          secretValue(namespace, "spec.prometheus.basicAuth.password", basic.password);
      // RFC 7617 section 2: user-id ":" password, UTF-8 when the server says charset=UTF-8.
      String pair = basic.username + ":" + password.stripTrailing();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (Boolean.TRUE.equals(spec.useServiceAccountToken)) {
      return "Bearer " + ownToken();
    }
    return null;
  }

  private String ownToken() throws AccessUnavailable {
    try {
      if (Files.isReadable(serviceAccountToken)) {
        String token = Files.readString(serviceAccountToken).strip();
        if (!token.isEmpty()) {
          return token;
        }
      }
    } catch (IOException e) {
      // fall through to the client's configured token, as outside a pod
    }
    // Outside a pod (e.g. `run` against a kubeconfig) the client's token is the operator's
    // identity.
    String configured = client.getConfiguration().getOauthToken();
    if (configured == null || configured.isBlank()) {
      configured = client.getConfiguration().getAutoOAuthToken();
    }
    if (configured == null || configured.isBlank()) {
      throw new AccessUnavailable(
          "spec.prometheus.useServiceAccountToken: the operator has no service-account token at "
              + serviceAccountToken
              + " nor a configured one");
    }
    return configured.strip();
  }

  private String secretValue(String namespace, String field, SecretKeyRef ref)
      throws AccessUnavailable {
    if (ref == null || ref.literalGiven || ref.name == null || ref.key == null) {
      throw new AccessUnavailable(field + ": " + SecretKeyRef.NEVER_A_LITERAL);
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
    if (secret == null) {
      throw new AccessUnavailable(field + ": Secret " + ref.name + " not found");
    }
    return decoded(field, "Secret " + ref.name, ref.key, secret.getData(), secret.getStringData());
  }

  private SSLContext trusting(String namespace, CaRef ca) throws AccessUnavailable {
    String field = "spec.prometheus.ca";
    String what = ca.kindOrDefault() + " " + ca.name;
    String pem;
    if (ca.kindOrDefault() == CaRef.Kind.Secret) {
      Secret secret = client.secrets().inNamespace(namespace).withName(ca.name).get();
      if (secret == null) {
        throw new AccessUnavailable(field + ": " + what + " not found");
      }
      pem = decoded(field, what, ca.key, secret.getData(), secret.getStringData());
    } else {
      ConfigMap map = client.configMaps().inNamespace(namespace).withName(ca.name).get();
      if (map == null) {
        throw new AccessUnavailable(field + ": " + what + " not found");
      }
      pem = present(field, what, ca.key, map.getData() == null ? null : map.getData().get(ca.key));
    }
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new AccessUnavailable(
            field + ": " + what + " key " + ca.key + " holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      // The parser's message may quote the input: only its type is told.
      throw new AccessUnavailable(
          field
              + ": "
              + what
              + " key "
              + ca.key
              + " is no PEM certificate ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static String decoded(
      String field,
      String what,
      String key,
      Map<String, String> data,
      Map<String, String> stringData)
      throws AccessUnavailable {
    String encoded = data == null ? null : data.get(key);
    if (encoded == null) {
      return present(field, what, key, stringData == null ? null : stringData.get(key));
    }
    try {
      return present(
          field,
          what,
          key,
          new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new AccessUnavailable(field + ": " + what + " key " + key + " is not base64");
    }
  }

  private static String present(String field, String what, String key, String value)
      throws AccessUnavailable {
    if (value == null) {
      throw new AccessUnavailable(field + ": " + what + " has no key " + key);
    }
    if (value.isBlank()) {
      throw new AccessUnavailable(field + ": " + what + " key " + key + " is empty");
    }
    return value;
  }

  private static PrometheusSpec prometheus(CausalGymMonitoring resource) {
    return resource.getSpec() == null ? null : resource.getSpec().prometheus;
  }

  private static String ref(String name, String key) {
    return name + "/" + key;
  }
}
