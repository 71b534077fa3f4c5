package org.causalgym.operator.runtime;

import java.util.Set;

/**
 * How one operator process runs: which namespaces it watches and whether it competes for a Lease.
 *
 * @param watchNamespaces namespaces to watch; empty watches all
 * @param leaseNamespace where the leader-election Lease lives; null runs without leader election
 * @param onLeadershipLost what to do when another instance holds the Lease after this one did
 */
public record OperatorOptions(
    Set<String> watchNamespaces, String leaseNamespace, Runnable onLeadershipLost) {

  public static final String LEASE_NAME = "causal-gym-operator-leader";

  /** All namespaces, no leader election: what tests and the demo use. */
  public static OperatorOptions defaults() {
    return new OperatorOptions(Set.of(), null, () -> {});
  }

  public boolean leaderElection() {
    return leaseNamespace != null && !leaseNamespace.isBlank();
  }
}
