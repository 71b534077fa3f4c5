package org.causalgym.operator.runtime;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How one operator process runs: which namespaces it watches, whether it competes for a Lease, and
 * what happens when it cannot go on.
 *
 * @param watchNamespaces namespaces to watch; empty watches all
 * @param leaseNamespace where the leader-election Lease lives; null runs without leader election
 * @param onFatalError called with the reason when the operator cannot go on (leadership lost, an
 *     informer failed for good); also while its caller stops it, which that caller then ignores.
 *     run exits so Kubernetes restarts the pod
 * @param missingSecretRecheck how soon a resource whose referenced Secret is missing is looked at
 *     again: those Secrets are the user's and are not watched (caching every Secret costs memory
 *     and rights)
 * @param prometheusPollInterval how often each Prometheus named in spec.prometheus.url is asked
 *     what it scrapes and evaluates
 */
public record OperatorOptions(
    Set<String> watchNamespaces,
    String leaseNamespace,
    Consumer<String> onFatalError,
    Duration missingSecretRecheck,
    Duration prometheusPollInterval) {

  public static final String LEASE_NAME = "causal-gym-operator-leader";

  /** Often enough that a Secret created after the resource is soon picked up. */
  public static final Duration MISSING_SECRET_RECHECK = Duration.ofSeconds(30);

  /** A minute: Prometheus' own default evaluation interval, and no load on it. */
  public static final Duration PROMETHEUS_POLL_INTERVAL = Duration.ofSeconds(60);

  /** The production intervals. */
  public OperatorOptions(
      Set<String> watchNamespaces, String leaseNamespace, Consumer<String> onFatalError) {
    this(
        watchNamespaces,
        leaseNamespace,
        onFatalError,
        MISSING_SECRET_RECHECK,
        PROMETHEUS_POLL_INTERVAL);
  }

  /** The same options with another re-check interval, so that tests need not wait for it. */
  public OperatorOptions withMissingSecretRecheck(Duration missingSecret) {
    return new OperatorOptions(
        watchNamespaces, leaseNamespace, onFatalError, missingSecret, prometheusPollInterval);
  }

  /** The same options polling each Prometheus at another interval. */
  public OperatorOptions withPrometheusPollInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the Prometheus poll interval must be positive");
    }
    return new OperatorOptions(
        watchNamespaces, leaseNamespace, onFatalError, missingSecretRecheck, interval);
  }

  /** All namespaces, no leader election, fatal errors only logged: for tests and the demo. */
  public static OperatorOptions defaults() {
    return new OperatorOptions(Set.of(), null, reason -> {});
  }

  public boolean leaderElection() {
    return leaseNamespace != null && !leaseNamespace.isBlank();
  }
}
