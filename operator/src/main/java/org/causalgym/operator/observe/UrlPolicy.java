package org.causalgym.operator.observe;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Prometheus URLs a resource may make the operator fetch: an operator-level allow-list of
 * hosts, host patterns and CIDRs, so that writing a resource is no way into the cluster's network.
 *
 * <p>Entries, comma-separated: an exact host name ({@code prometheus.example.org}); a pattern
 * {@code *.suffix}, where {@code *} stands for one or more whole labels ({@code *.svc} matches
 * {@code gym-prometheus.lab.svc} but not {@code svc} itself nor {@code evilsvc}); an IPv4 or IPv6
 * address or CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}); or {@code *} alone, which allows every
 * URL and is meant for tests and demos only. Names compare case-insensitively and without a
 * trailing dot; ports, paths, user info and queries play no part.
 *
 * <p>Names are matched as names and never resolved: an address or CIDR entry only matches a URL
 * whose host is an IP literal, so that the check cannot disagree with a later DNS answer (a name
 * that resolves to 169.254.169.254 is allowed only by a name entry that covers it).
 */
public final class UrlPolicy {

  /**
   * In-cluster Service names, short and fully qualified: what {@code StackWorkloads.url} builds for
   * the managed stack ({@code http://<name>.<namespace>.svc:9090}) and how Services are usually
   * named. Another cluster domain replaces the second entry.
   */
  public static final String DEFAULT = "*.svc,*.svc.cluster.local";

  private static final String HOW_TO_EXTEND =
      "an administrator extends it with --prometheus-url-allow / PROMETHEUS_URL_ALLOW / chart"
          + " value prometheusUrlAllow";

  /**
   * RFC 1123 labels (underscores too, as some DNS names carry them), the last not all digits (RFC
   * 3696 section 2), so that a mistyped address such as 10.0.0.256 is no name.
   */
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "([a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?\\.)*(?![0-9]+$)[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?");

  /** Dotted-quad IPv4 only: the shorter forms (127.1) are not IP literals in a URI's host. */
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

  private final String text;
  private final boolean all;
  private final List<String> names;
  private final List<String> suffixes;
  private final List<Network> networks;

  private UrlPolicy(
      String text, boolean all, List<String> names, List<String> suffixes, List<Network> networks) {
    this.text = text;
    this.all = all;
    this.names = List.copyOf(names);
    this.suffixes = List.copyOf(suffixes);
    this.networks = List.copyOf(networks);
  }

  /** Every URL: for tests whose stand-in servers listen on loopback. */
  public static UrlPolicy allowAll() {
    return parse("*");
  }

  /** The production default, {@link #DEFAULT}. */
  public static UrlPolicy defaults() {
    return parse(DEFAULT);
  }

  /**
   * The allow-list of comma-separated entries.
   *
   * @throws IllegalArgumentException naming the first entry that is none of the accepted forms
   */
  public static UrlPolicy parse(String commaSeparated) {
    boolean all = false;
    List<String> entries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> suffixes = new ArrayList<>();
    List<Network> networks = new ArrayList<>();
    for (String raw : commaSeparated.split(",", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      entries.add(entry);
      String name = normalized(entry);
      if (entry.equals("*")) {
        all = true;
      } else if (name.startsWith("*.") && HOST_NAME.matcher(name.substring(2)).matches()) {
        suffixes.add(name.substring(1));
      } else if (entry.contains("/") || entry.contains(":") || IPV4.matcher(entry).matches()) {
        networks.add(Network.parse(entry));
      } else if (HOST_NAME.matcher(name).matches()) {
        names.add(name);
      } else {
        throw new IllegalArgumentException(refusedEntry(entry));
      }
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(
          "the Prometheus URL allow-list is empty: name at least one host, *.pattern, address or"
              + " CIDR (the default is "
              + DEFAULT
              + ")");
    }
    return new UrlPolicy(String.join(", ", entries), all, names, suffixes, networks);
  }

  private static String refusedEntry(String entry) {
    return "'"
        + entry
        + "' in the Prometheus URL allow-list is not a host name, *.pattern, IP address or CIDR"
        + " (no scheme, port or path), nor * for every URL";
  }

  /** Why the URL is refused, naming the allow-list; empty where it may be fetched. */
  public Optional<String> refusal(URI url) {
    if (all) {
      return Optional.empty();
    }
    String host = url.getHost();
    if (host != null && allows(host)) {
      return Optional.empty();
    }
    return Optional.of(
        shown(url)
            + " is outside the operator's allow-list for Prometheus URLs ("
            + text
            + "); "
            + HOW_TO_EXTEND);
  }

  /** An IP literal by the address entries only, so that *.0.5 says nothing about 10.0.0.5. */
  private boolean allows(String host) {
    Optional<InetAddress> address = literal(host);
    if (address.isPresent()) {
      return networks.stream().anyMatch(n -> n.contains(address.get()));
    }
    String name = normalized(host);
    return names.contains(name) || suffixes.stream().anyMatch(name::endsWith);
  }

  /** Scheme, host and port only: a URL's user info or query may hold a credential. */
  private static String shown(URI url) {
    StringBuilder shown = new StringBuilder();
    if (url.getScheme() != null) {
      shown.append(url.getScheme()).append("://");
    }
    shown.append(url.getHost() == null ? "(no host)" : url.getHost());
    if (url.getPort() >= 0) {
      shown.append(':').append(url.getPort());
    }
    return shown.toString();
  }

  private static String normalized(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /**
   * The address of an IP literal (URI hosts bracket IPv6), never by DNS: a bracketed text is only
   * ever parsed as IPv6, and a dotted quad only as IPv4 (InetAddress.getByName, JDK 17).
   */
  private static Optional<InetAddress> literal(String host) {
    String bracketed = host.startsWith("[") ? host : host.contains(":") ? "[" + host + "]" : null;
    if (bracketed == null && !IPV4.matcher(host).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bracketed == null ? host : bracketed));
    } catch (UnknownHostException notALiteral) {
      return Optional.empty();
    }
  }

  /** The entries as given. */
  @Override
  public String toString() {
    return text;
  }

  /** An address range: an address and how many of its leading bits must agree. */
  private record Network(byte[] address, int prefix) {

    static Network parse(String entry) {
      String[] parts = entry.split("/", -1);
      Optional<InetAddress> address = parts.length <= 2 ? literal(parts[0]) : Optional.empty();
      if (address.isEmpty()) {
        throw new IllegalArgumentException(refusedEntry(entry));
      }
      byte[] bytes = address.get().getAddress();
      int bits = bytes.length * 8;
      int prefix = bits;
      if (parts.length == 2) {
        try {
          prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException notANumber) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits || !parts[1].matches("[0-9]+")) {
          throw new IllegalArgumentException(
              "'"
                  + entry
                  + "' in the Prometheus URL allow-list has a prefix length outside 0.."
                  + bits);
        }
      }
      return new Network(bytes, prefix);
    }

    boolean contains(InetAddress candidate) {
      byte[] other = candidate.getAddress();
      if (other.length != address.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >>> (bit % 8);
        if ((address[bit / 8] & mask) != (other[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
