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
 * @param prometheusOperatorRecheck how soon a resource is looked at again on a cluster without the
 *     prometheus-operator, since nothing else would trigger it once it is installed
 */
public record OperatorOptions(
    Set<String> watchNamespaces,
    String leaseNamespace,
    Consumer<String> onFatalError,
    Duration missingSecretRecheck,
    Duration prometheusOperatorRecheck) {

  public static final String LEASE_NAME = "causal-gym-operator-leader";

  /** Often enough that a Secret created after the resource is soon picked up. */
  public static final Duration MISSING_SECRET_RECHECK = Duration.ofSeconds(30);

  /** Seldom enough to be no load. */
  public static final Duration PROMETHEUS_OPERATOR_RECHECK = Duration.ofMinutes(5);

  /** The production intervals. */
  public OperatorOptions(
      Set<String> watchNamespaces, String leaseNamespace, Consumer<String> onFatalError) {
    this(
        watchNamespaces,
        leaseNamespace,
        onFatalError,
        MISSING_SECRET_RECHECK,
        PROMETHEUS_OPERATOR_RECHECK);
  }

  /** The same options with other re-check intervals, so that tests need not wait for them. */
  public OperatorOptions withRechecks(Duration missingSecret, Duration prometheusOperator) {
    return new OperatorOptions(
        watchNamespaces, leaseNamespace, onFatalError, missingSecret, prometheusOperator);
  }

  /** All namespaces, no leader election, fatal errors only logged: for tests and the demo. */
  public static OperatorOptions defaults() {
    return new OperatorOptions(Set.of(), null, reason -> {});
  }

  public boolean leaderElection() {
    return leaseNamespace != null && !leaseNamespace.isBlank();
  }
}
