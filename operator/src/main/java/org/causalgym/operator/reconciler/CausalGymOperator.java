package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.causalgym.operator.runtime.CompactSerialization;
import org.causalgym.operator.runtime.OperatorMetrics;
import org.causalgym.operator.runtime.OperatorOptions;

/**
 * The operator as it ships: this reconciler in JOSDK ({@link JosdkOperatorSeam}), used by the CLI
 * and tests.
 */
public final class CausalGymOperator {

  private CausalGymOperator() {}

  /**
   * The client's JSON mapping the operator is built for: compact ({@link CompactSerialization}),
   * reading the specs it caches as digests straight into their digest, and of the other operators'
   * resources only what it looks at.
   */
  public static KubernetesSerialization serialization() {
    return CompactSerialization.create(
        PayloadDigests.specsReadAsDigests(), ClusterWatch.readsWhatItWatches());
  }

  /** All namespaces, no leader election, metrics kept in memory: for tests and the demo. */
  public static Operator create(KubernetesClient client) {
    return create(
        client, OperatorOptions.defaults(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
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
    Operator operator = JosdkOperatorSeam.operator(client, options, registry);
    JosdkOperatorSeam.register(
        operator,
        new CausalGymMonitoringReconciler(
            Clock.systemUTC(), new OperatorMetrics(registry), options),
        options);
    return operator;
  }
}
