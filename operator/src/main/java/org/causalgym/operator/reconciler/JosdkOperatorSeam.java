package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.source.timer.TimerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.runtime.OperatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK seam: the operator's settings in JOSDK 5.2.3's configuration API, whose builders and
 * constructors change between releases: {@code ConfigurationServiceOverrider}, {@code
 * ControllerConfigurationOverrider} and the {@code ControllerConfiguration} it builds, {@code
 * GenericRetry}, {@code LeaderElectionConfiguration}, {@code InformerStoppedHandler} and {@code
 * MicrometerMetrics}; and the reconcile pool, which meets a race in its {@code TimerEventSource}.
 */
final class JosdkOperatorSeam {

  private static final Logger LOG = LoggerFactory.getLogger(JosdkOperatorSeam.class);

  private JosdkOperatorSeam() {}

  /** An operator on the given client, metering into registry, with no reconciler yet. */
  static Operator operator(
      KubernetesClient client, OperatorOptions options, MeterRegistry registry) {
    return new Operator(
        o -> {
          o.withInformerStoppedHandler(informerStopped(options));
          // Server-Side Apply is off: the Fabric8 mock API we test against cannot do it, and
          // shipping the configuration we test is worth more than SSA's field ownership.
          o.withKubernetesClient(client)
              .withDependentResourceFactory(JosdkWorkflowSeam.FACTORY)
              .withSSABasedCreateUpdateMatchForDependentResources(false)
              .withUseSSAToPatchPrimaryResource(false)
              .withCloseClientOnStop(false)
              // JOSDK's 50 + 50 threads grow the process under a burst without making it
              // faster: the API server is the bottleneck.
              .withConcurrentReconciliationThreads(options.reconcileThreads())
              .withExecutorService(reconcilePool(options.reconcileThreads()))
              .withConcurrentWorkflowExecutorThreads(options.reconcileThreads())
              // Per-resource meters would add ~70 series per managed resource.
              .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
          if (options.leaderElection()) {
            o.withLeaderElectionConfiguration(leaderElection(options));
          }
        });
  }

  /**
   * Registers the reconciler with the watched namespaces, the label selector, the retry and the
   * registry's workflow.
   */
  static void register(
      Operator operator, CausalGymMonitoringReconciler reconciler, OperatorOptions options) {
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
    JosdkWorkflowSeam.install(built);
    operator.register(reconciler, built);
  }

  /**
   * JOSDK's reconcile pool as its default makes it (a fixed pool), whose threads log what escapes
   * them in the operator's JSON log, not as a raw stack trace on stderr.
   */
  static ExecutorService reconcilePool(int threads) {
    ThreadFactory plain = Executors.defaultThreadFactory();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread thread = plain.newThread(task);
          thread.setUncaughtExceptionHandler(JosdkOperatorSeam::escaped);
          return thread;
        });
  }

  /**
   * What escaped a reconcile thread. One thing is known to: when a resource's delete event arrives
   * as its reconcile ends, JOSDK 5.2.3's informer thread (EventSourceManager
   * broadcastOnResourceEvent, TimerEventSource onResourceDeleted, cancelOnceSchedule) can cancel
   * the timer task the reconcile thread has just put in TimerEventSource's map for the resource's
   * next periodic reconcile (scheduleOnce) and not yet handed to its java.util.Timer, which then
   * throws out of EventProcessor eventProcessingFinished. That is its last step, after JOSDK's
   * bookkeeping, and the resource is gone: a lost timer of a deleted resource, worth a warning, not
   * an error that pages someone.
   */
  static void escaped(Thread thread, Throwable error) {
    if (lostTimerOfDeletedResource(error)) {
      LOG.warn(
          "JOSDK lost the periodic-reconcile timer of a resource deleted as its reconcile ended"
              + " (a race in its TimerEventSource); nothing is left undone: {}",
          error.toString());
    } else {
      LOG.error("Uncaught on {}", thread.getName(), error);
    }
  }

  private static boolean lostTimerOfDeletedResource(Throwable error) {
    StackTraceElement[] frames = error.getStackTrace();
    // java.util.Timer#sched's words in JDK 17 for a task cancelled before it was scheduled.
    return error instanceof IllegalStateException
        && "Task already scheduled or cancelled".equals(error.getMessage())
        && frames.length > 0
        && frames[0].getClassName().equals(Timer.class.getName())
        && Arrays.stream(frames)
            .anyMatch(
                frame ->
                    frame.getClassName().equals(TimerEventSource.class.getName())
                        && frame.getMethodName().equals("scheduleOnce"));
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
}
