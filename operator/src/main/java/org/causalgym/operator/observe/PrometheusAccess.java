package org.causalgym.operator.observe;

import javax.net.ssl.SSLContext;

/**
 * How to reach one Prometheus: the trust to use for https and the Authorization header to send.
 * Built from the Secrets and ConfigMaps a resource references, held only in memory, never printed.
 *
 * @param sslContext trusts the referenced CA; null trusts the JVM's default CAs
 * @param authorization the value of the Authorization header ("Bearer …" or "Basic …"); null sends
 *     none
 */
public record PrometheusAccess(SSLContext sslContext, String authorization) {

  /** No CA of the resource's and no credentials: what a resource without references gets. */
  public static final PrometheusAccess NONE = new PrometheusAccess(null, null);

  /** Says what is set, never the values: a record's default toString would print the token. */
  @Override
  public String toString() {
    return "PrometheusAccess[ca="
        + (sslContext == null ? "default" : "referenced")
        + ", authorization="
        + (authorization == null
            ? "none"
            : authorization.substring(0, authorization.indexOf(' ') + 1).strip())
        + "]";
  }
}
