package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.runtime.OperatorMetrics;
import org.causalgym.operator.runtime.OperatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator as it ships: JOSDK configured for this reconciler, used by the CLI and tests. */
public final class CausalGymOperator {

  private static final Logger LOG = LoggerFactory.getLogger(CausalGymOperator.class);

  private CausalGymOperator() {}

  /** All namespaces, no leader election, metrics kept in memory: for tests and the demo. */
  public static Operator create(KubernetesClient client) {
    return create(
        client, OperatorOptions.defaults(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * The Lease, with JOSDK's timings. JOSDK would System.exit itself when leadership ends, also
   * while the JVM shuts down on SIGTERM; the caller decides instead.
   */
  private static LeaderElectionConfiguration leaderElection(OperatorOptions options) {
    return new LeaderElectionConfiguration(
        options.leaseName(),
        options.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        null,
        new LeaderCallbacks(
            () -> LOG.info("Leading: this instance reconciles"),
            () -> fatal(options, "lost the leader Lease"),
            leader -> LOG.info("Leader is {}", leader)),
        false);
  }

  /**
   * JOSDK's default handler calls System.exit when an informer fails after syncing, also when the
   * failure is the operator's own shutdown closing the client, and System.exit inside a SIGTERM
   * shutdown hook hangs the JVM. The caller's onFatalError knows whether it is stopping. This runs
   * on JOSDK's stopping threads, so it must not call back into the Operator (locks).
   */
  private static InformerStoppedHandler informerStopped(OperatorOptions options) {
    return (informer, error) -> {
      if (error == null || !informer.hasSynced()) {
        LOG.debug(
            "Informer {} stopped: {}", informer, error == null ? "on request" : error.toString());
        return;
      }
      LOG.error("Informer {} failed for good", informer, error);
      fatal(options, "informer " + informer + " failed: " + error);
    };
  }

  private static void fatal(OperatorOptions options, String reason) {
    LOG.error("The operator cannot go on: {}", reason);
    options.onFatalError().accept(reason);
  }

  /** An operator on the given client, registered and ready to start, metering into registry. */
  public static Operator create(
      KubernetesClient client, OperatorOptions options, PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Operator operator =
        new Operator(
            o -> {
              o.withInformerStoppedHandler(informerStopped(options));
              // Server-Side Apply is off: the Fabric8 mock API we test against cannot do it, and
              // shipping the configuration we test is worth more than SSA's field ownership.
              o.withKubernetesClient(client)
                  .withDependentResourceFactory(OwnedObjectWorkflow.FACTORY)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  // JOSDK's 50 + 50 threads grow the process under a burst without making it
                  // faster: the API server is the bottleneck.
                  .withConcurrentReconciliationThreads(options.reconcileThreads())
                  .withConcurrentWorkflowExecutorThreads(options.reconcileThreads())
                  // Per-resource meters would add ~70 series per managed resource.
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (options.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(options));
              }
            });
    CausalGymMonitoringReconciler reconciler =
        new CausalGymMonitoringReconciler(
            Clock.systemUTC(), new OperatorMetrics(registry), options);
    ControllerConfigurationOverrider<CausalGymMonitoring> configuration =
        ControllerConfigurationOverrider.override(
            operator.getConfigurationService().getConfigurationFor(reconciler));
    if (!options.watchNamespaces().isEmpty()) {
      configuration.settingNamespaces(options.watchNamespaces());
    }
    if (!options.labelSelector().isEmpty()) {
      configuration.withLabelSelector(options.labelSelector());
    }
    // JOSDK gives up after 5 attempts (about 20 s) until the next event; an API server that is
    // down longer must not leave resources failed for good. Retried for ever, backing off to 1 min.
    configuration.withRetry(
        new GenericRetry()
            .setInitialInterval(1000)
            .setIntervalMultiplier(2)
            .setMaxInterval(60_000)
            .withoutMaxAttempts());
    ControllerConfiguration<CausalGymMonitoring> built = configuration.build();
    OwnedObjectWorkflow.install(built);
    operator.register(reconciler, built);
    return operator;
  }
}
