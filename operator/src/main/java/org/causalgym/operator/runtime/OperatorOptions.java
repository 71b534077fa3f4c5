package org.causalgym.operator.runtime;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;
import org.causalgym.operator.desired.Sha256;
import org.causalgym.operator.observe.PollSettings;
import org.causalgym.operator.observe.UrlPolicy;

/**
 * How one operator process runs: which namespaces it watches, whether it competes for a Lease, and
 * what happens when it cannot go on.
 *
 * @param watchNamespaces namespaces to watch; empty watches all
 * @param leaseNamespace where the leader-election Lease lives; null runs without leader election
 * @param onFatalError called with the reason when the operator cannot go on (leadership lost, an
 *     informer failed for good); also while its caller stops it, which that caller then ignores.
 *     run exits so Kubernetes restarts the pod
 * @param missingSecretRecheck how soon a resource whose referenced Secret is missing, or one of
 *     whose names is taken by an object it does not control (Conflict), is looked at again: those
 *     Secrets and objects are not in the informers' view (caching every Secret costs memory and
 *     rights; a foreign object carries none of our labels)
 * @param prometheusPoll how the Prometheus servers named in spec.prometheus.url are asked what they
 *     scrape and evaluate
 * @param reconcileThreads how many resources are reconciled at once (and how many of their owned
 *     objects are written at once): the bound on the operator's threads and its burst of requests
 * @param labelSelector the resources this instance reconciles, as kubectl's -l takes it; empty
 *     reconciles all. Several instances with disjoint selectors split a cluster's resources
 */
public record OperatorOptions(
    Set<String> watchNamespaces,
    String leaseNamespace,
    Consumer<String> onFatalError,
    Duration missingSecretRecheck,
    PollSettings prometheusPoll,
    int reconcileThreads,
    String labelSelector) {

  /** The Lease of an instance without a selector; a sharded one appends its selector's digest. */
  public static final String LEASE_NAME = "causal-gym-operator-leader";

  /** Often enough that a Secret created after the resource is soon picked up. */
  public static final Duration MISSING_SECRET_RECHECK = Duration.ofSeconds(30);

  /**
   * Ten: a reconcile waits on the API server, so ten keep a burst going at the pace of the API (the
   * benchmark's figures), while memory and the API server's in-flight limit stay small.
   */
  public static final int RECONCILE_THREADS = 10;

  /** The production intervals. */
  public OperatorOptions(
      Set<String> watchNamespaces, String leaseNamespace, Consumer<String> onFatalError) {
    this(
        watchNamespaces,
        leaseNamespace,
        onFatalError,
        MISSING_SECRET_RECHECK,
        PollSettings.defaults(),
        RECONCILE_THREADS,
        "");
  }

  /** The same options with another re-check interval, so that tests need not wait for it. */
  public OperatorOptions withMissingSecretRecheck(Duration missingSecret) {
    return new OperatorOptions(
        watchNamespaces,
        leaseNamespace,
        onFatalError,
        missingSecret,
        prometheusPoll,
        reconcileThreads,
        labelSelector);
  }

  /** The same options polling each Prometheus at another interval. */
  public OperatorOptions withPrometheusPollInterval(Duration interval) {
    return withPrometheusPoll(prometheusPoll.withInterval(interval));
  }

  /** The same options polling Prometheus servers with other settings. */
  public OperatorOptions withPrometheusPoll(PollSettings settings) {
    return new OperatorOptions(
        watchNamespaces,
        leaseNamespace,
        onFatalError,
        missingSecretRecheck,
        settings,
        reconcileThreads,
        labelSelector);
  }

  /** The same options reconciling at most threads resources at once. */
  public OperatorOptions withReconcileThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("at least one reconcile thread is needed");
    }
    return new OperatorOptions(
        watchNamespaces,
        leaseNamespace,
        onFatalError,
        missingSecretRecheck,
        prometheusPoll,
        threads,
        labelSelector);
  }

  /** The same options reconciling only the resources the selector matches. */
  public OperatorOptions withLabelSelector(String selector) {
    return new OperatorOptions(
        watchNamespaces,
        leaseNamespace,
        onFatalError,
        missingSecretRecheck,
        prometheusPoll,
        reconcileThreads,
        selector.strip());
  }

  /**
   * The Lease this instance competes for: one per selector, so that the replicas of one shard
   * compete with each other and not with another shard's.
   */
  public String leaseName() {
    if (labelSelector.isEmpty()) {
      return LEASE_NAME;
    }
    return LEASE_NAME + "-" + HexFormat.of().formatHex(Sha256.of(labelSelector), 0, 4);
  }

  /**
   * All namespaces, no leader election, fatal errors only logged, every Prometheus URL allowed (the
   * stand-in servers of tests listen on loopback): for tests and the demo.
   */
  public static OperatorOptions defaults() {
    OperatorOptions production = new OperatorOptions(Set.of(), null, reason -> {});
    return production.withPrometheusPoll(
        production.prometheusPoll().withUrlPolicy(UrlPolicy.allowAll()));
  }

  public boolean leaderElection() {
    return leaseNamespace != null && !leaseNamespace.isBlank();
  }
}
