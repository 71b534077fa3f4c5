package org.causalgym.operator.testing;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * The HTTP client of every Kubernetes client in a test JVM, found by Fabric8's ServiceLoader ahead
 * of the plain JDK one: the same client, with the secret scan's interceptor on every request.
 */
public final class SecretScanHttpClientFactory implements HttpClient.Factory {

  private final HttpClient.Factory jdk = new JdkHttpClientFactory();

  private final SecretScanWrites scan;

  /** The one the ServiceLoader finds: the JVM's scan. */
  public SecretScanHttpClientFactory() {
    this(SecretScanWrites.INSTANCE);
  }

  SecretScanHttpClientFactory(SecretScanWrites scan) {
    this.scan = scan;
  }

  @Override
  public HttpClient.Builder newBuilder() {
    return jdk.newBuilder().addOrReplaceInterceptor("SECRET_SCAN", scan);
  }

  /** Above the JDK factory's 0, so that Fabric8 picks this one without a warning. */
  @Override
  public int priority() {
    return 1;
  }
}
