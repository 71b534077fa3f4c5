package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.causalgym.operator.api.BasicAuthSpec;
import org.causalgym.operator.api.CaRef;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.PrometheusSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.observe.AccessResolver.AccessUnavailable;
import org.causalgym.operator.observe.PrometheusAccess;
import org.causalgym.operator.testing.SecretValues;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The CA, bearer token, basic auth and service-account token spec.prometheus references, read from
 * a mock API and used against an https server on loopback whose certificate a private CA signed.
 */
class PrometheusCredentialsTest {

  private static final String NAMESPACE = "lab-east";

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();
  private final String token = SecretValues.distinct("prom-token");
  private final String password = SecretValues.distinct("prom-password");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private HttpsServer https;
  private final java.util.List<KubernetesClient> configuredClients = new java.util.ArrayList<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void stop() {
    root().detachAppender(logs);
    configuredClients.forEach(KubernetesClient::close);
    if (https != null) {
      https.stop(0);
    }
    cluster.close();
  }

  @Test
  void bearerTokenIsReadFromTheSecretWithoutItsTrailingNewline() throws Exception {
    secret("prom-token", "token", token + "\n");
    PrometheusSpec spec = new PrometheusSpec();
    spec.bearerToken = new SecretKeyRef("prom-token", "token");

    PrometheusAccess access = credentials().resolve(resource(spec));

    assertThat(access.authorization()).isEqualTo("Bearer " + token);
    assertThat(access.sslContext()).isNull();
    assertThat(access.toString()).doesNotContain(token);
    assertNoValueLogged();
  }

  @Test
  void basicAuthEncodesUserAndPassword() throws Exception {
    secret("prom-basic", "password", password);
    PrometheusSpec spec = new PrometheusSpec();
    spec.basicAuth = new BasicAuthSpec("viewer", new SecretKeyRef("prom-basic", "password"));

    PrometheusAccess access = credentials().resolve(resource(spec));

    assertThat(access.authorization())
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("viewer:" + password).getBytes(StandardCharsets.UTF_8)));
    assertNoValueLogged();
  }

  @Test
  void serviceAccountTokenIsReadFromTheMountedFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), token + "\n");
    PrometheusSpec spec = new PrometheusSpec();
    spec.url = "https://thanos-querier.openshift-monitoring.svc:9091";
    spec.useServiceAccountToken = true;

    PrometheusAccess access = new PrometheusCredentials(client, file).resolve(resource(spec));

    assertThat(access.authorization()).isEqualTo("Bearer " + token);
  }

  @Test
  void serviceAccountTokenFallsBackToTheClientsConfiguredToken(@TempDir Path dir) throws Exception {
    PrometheusSpec spec = new PrometheusSpec();
    spec.useServiceAccountToken = true;
    Path absent = dir.resolve("absent");

    assertThat(withToken(token, absent).resolve(resource(spec)).authorization())
        .isEqualTo("Bearer " + token);
    assertThatThrownBy(() -> withToken("", absent).resolve(resource(spec)))
        .isInstanceOf(AccessUnavailable.class)
        .hasMessageStartingWith("spec.prometheus.useServiceAccountToken: the operator has no");
  }

  /** The client's configuration carries the token: no API request is made with it here. */
  private PrometheusCredentials withToken(String configured, Path tokenFile) {
    KubernetesClient configuredClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withOauthToken(configured)
                    .withAutoOAuthToken(null)
                    .build())
            .build();
    configuredClients.add(configuredClient);
    return new PrometheusCredentials(configuredClient, tokenFile);
  }

  @Test
  void eachMissingReferenceNamesTheFieldAndNeverAValue() {
    secret("prom-token", "other", token);
    PrometheusSpec noKey = new PrometheusSpec();
    noKey.bearerToken = new SecretKeyRef("prom-token", "token");
    PrometheusSpec noSecret = new PrometheusSpec();
    noSecret.basicAuth = new BasicAuthSpec("viewer", new SecretKeyRef("prom-basic", "password"));
    PrometheusSpec noConfigMap = new PrometheusSpec();
    noConfigMap.ca = new CaRef("prom-ca", "ca.crt", null);
    PrometheusSpec literal = new PrometheusSpec();
    literal.bearerToken = SecretKeyRef.fromLiteral(token);

    assertUnavailable(noKey, "spec.prometheus.bearerToken: Secret prom-token has no key token");
    assertUnavailable(noSecret, "spec.prometheus.basicAuth.password: Secret prom-basic not found");
    assertUnavailable(noConfigMap, "spec.prometheus.ca: ConfigMap prom-ca not found");
    assertUnavailable(literal, "spec.prometheus.bearerToken: " + SecretKeyRef.NEVER_A_LITERAL);
  }

  @Test
  void emptyValuesAndUnparsablePemNameTheFieldAndNeverTheValue() {
    secret("prom-token", "token", "\n");
    PrometheusSpec empty = new PrometheusSpec();
    empty.bearerToken = new SecretKeyRef("prom-token", "token");
    String notPem = SecretValues.distinct("not-pem");
    secret(
        "prom-ca",
        "ca.crt",
        "-----BEGIN CERTIFICATE-----\n" + notPem + "\n-----END CERTIFICATE-----\n");
    PrometheusSpec garbled = new PrometheusSpec();
    garbled.ca = new CaRef("prom-ca", "ca.crt", CaRef.Kind.Secret);

    assertUnavailable(empty, "spec.prometheus.bearerToken: Secret prom-token key token is empty");
    assertThatThrownBy(() -> credentials().resolve(resource(garbled)))
        .isInstanceOf(AccessUnavailable.class)
        .hasMessageStartingWith(
            "spec.prometheus.ca: Secret prom-ca key ca.crt is no PEM certificate")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(notPem));
  }

  @Test
  void identityNamesNamespaceAndReferencesNeverValues() {
    secret("prom-token", "token", token);
    PrometheusSpec spec = new PrometheusSpec();
    spec.bearerToken = new SecretKeyRef("prom-token", "token");
    spec.ca = new CaRef("prom-ca", "ca.crt", null);
    PrometheusSpec other = new PrometheusSpec();
    other.bearerToken = new SecretKeyRef("prom-token-2", "token");

    String identity = credentials().identity(resource(spec));

    assertThat(identity).startsWith(NAMESPACE).contains("prom-token/token", "prom-ca/ca.crt");
    assertThat(identity).doesNotContain(token);
    assertThat(credentials().identity(resource(other))).isNotEqualTo(identity);
    assertThat(credentials().identity(resource(new PrometheusSpec()))).isEmpty();
  }

  @Test
  void thePrivateCaFromAConfigMapIsTrustedWhereTheJvmsDefaultIsNot() throws Exception {
    URI url = startHttps(null);
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("prom-ca").build())
                .withData(Map.of("ca.crt", fixture("ca.crt")))
                .build())
        .create();
    PrometheusSpec spec = new PrometheusSpec();
    spec.ca = new CaRef("prom-ca", "ca.crt", null);

    PrometheusAccess access = credentials().resolve(resource(spec));

    HttpRequest request = HttpRequest.newBuilder(url).build();
    assertThatThrownBy(
            () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
    HttpResponse<String> answer =
        HttpClient.newBuilder()
            .sslContext(access.sslContext())
            .build()
            .send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
  }

  @Test
  void aServerRequiringTheBearerTokenAcceptsTheResolvedHeader() throws Exception {
    URI url = startHttps("Bearer " + token);
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("prom-tls").build())
                .withStringData(Map.of("ca.crt", fixture("ca.crt"), "token", token))
                .build())
        .create();
    PrometheusSpec spec = new PrometheusSpec();
    spec.ca = new CaRef("prom-tls", "ca.crt", CaRef.Kind.Secret);
    spec.bearerToken = new SecretKeyRef("prom-tls", "token");

    PrometheusAccess access = credentials().resolve(resource(spec));
    HttpClient http = HttpClient.newBuilder().sslContext(access.sslContext()).build();

    HttpResponse<String> without =
        http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> with =
        http.send(
            HttpRequest.newBuilder(url).header("Authorization", access.authorization()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(with.statusCode()).isEqualTo(200);
    assertNoValueLogged();
  }

  private PrometheusCredentials credentials() {
    return new PrometheusCredentials(client);
  }

  private void assertUnavailable(PrometheusSpec spec, String message) {
    assertThatThrownBy(() -> credentials().resolve(resource(spec)))
        .isInstanceOf(AccessUnavailable.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token, password));
  }

  private void assertNoValueLogged() {
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(line -> line.contains(token) || line.contains(password));
  }

  /** The TLS of a server holding the certificate the test CA (tls/ca.crt) signed for 127.0.0.1. */
  static SSLContext serverTls() throws Exception {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    Certificate certificate;
    try (InputStream in =
        new java.io.ByteArrayInputStream(
            fixture("server.crt").getBytes(StandardCharsets.US_ASCII))) {
      certificate = x509.generateCertificate(in);
    }
    String pem = fixture("server.key").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    char[] none = new char[0];
    store.setKeyEntry("server", key, none, new Certificate[] {certificate});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, none);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** An https server on loopback with the private CA's server certificate; 401 without auth. */
  private URI startHttps(String requiredAuthorization) throws Exception {
    SSLContext context = serverTls();
    https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    https.createContext(
        "/",
        exchange -> {
          boolean allowed =
              requiredAuthorization == null
                  || requiredAuthorization.equals(
                      exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.sendResponseHeaders(allowed ? 200 : 401, -1);
          exchange.close();
        });
    https.start();
    return URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/api/v1/targets");
  }

  private void secret(String name, String key, String value) {
    secret(client, NAMESPACE, name, key, value);
  }

  /** Creates a Secret holding value under key, as a user would before referencing it. */
  static void secret(
      KubernetesClient client, String namespace, String name, String key, String value) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).build())
                .withData(
                    Map.of(
                        key,
                        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = PrometheusCredentialsTest.class.getResourceAsStream("/tls/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static CausalGymMonitoring resource(PrometheusSpec prometheus) {
    CausalGymMonitoring cr = new CausalGymMonitoring();
    cr.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("probe-7").build());
    cr.setSpec(new CausalGymMonitoringSpec());
    cr.getSpec().prometheus = prometheus;
    return cr;
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
