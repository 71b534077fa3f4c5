package org.causalgym.operator.runtime;

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
 */
public record OperatorOptions(
    Set<String> watchNamespaces, String leaseNamespace, Consumer<String> onFatalError) {

  public static final String LEASE_NAME = "causal-gym-operator-leader";

  /** All namespaces, no leader election, fatal errors only logged: for tests and the demo. */
  public static OperatorOptions defaults() {
    return new OperatorOptions(Set.of(), null, reason -> {});
  }

  public boolean leaderElection() {
    return leaseNamespace != null && !leaseNamespace.isBlank();
  }
}
