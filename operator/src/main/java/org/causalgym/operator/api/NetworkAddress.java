package org.causalgym.operator.api;

/**
 * The shapes of hosts, ports and http(s) URLs in the spec, as OpenAPI patterns (RE2 syntax, which
 * the API server checks without a CEL cost): a host an HTTP or SMTP client can connect to and a
 * port from 1 to 65535.
 */
public final class NetworkAddress {

  /** A DNS name or IPv4 address (labels of letters, digits and '-'), or an IPv6 address in []. */
  static final String HOST =
      "([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*"
          + "|\\[[0-9A-Fa-f:.]+\\])";

  /** 1 to 65535, as a TCP port. */
  static final String PORT =
      "(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})";

  /** host:port, as an SMTP smarthost. */
  public static final String HOST_PORT_PATTERN = "^" + HOST + ":" + PORT + "$";

  /** An http(s) URL with a host and, if any, a port, without credentials, query or fragment. */
  public static final String BASE_URL_PATTERN =
      "^https?://" + HOST + "(:" + PORT + ")?(/[^\\s?#]*)?$";

  /** An http(s) URL of a server's root: a host and, if any, a port; no credentials or path. */
  public static final String SERVER_URL_PATTERN = "^https?://" + HOST + "(:" + PORT + ")?/?$";

  /**
   * An http(s) URL with a host, a port if any, a path and a query; user info (user:password@) is
   * let through here so that the rule against it can say where credentials belong.
   */
  public static final String ENDPOINT_URL_PATTERN =
      "^https?://([^\\s/?#@]*@)?" + HOST + "(:" + PORT + ")?([/?][^\\s#]*)?$";

  /** The longest URL the spec takes: what browsers and most servers accept. */
  public static final int URL_MAX_LENGTH = 2048;

  private NetworkAddress() {}
}
