package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import java.time.Clock;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.observe.AccessResolver;
import org.causalgym.operator.observe.PollSettings;
import org.causalgym.operator.observe.PrometheusPolls;
import org.causalgym.operator.runtime.OperatorMetrics;
import org.causalgym.operator.status.PrometheusSnapshot;

/**
 * The polls of the Prometheus servers that resources name in spec.prometheus.url ({@link
 * PrometheusPolls}) as an event source: a resource is reconciled only when what it sees of its
 * URL's poll ({@link PrometheusSnapshot.View}) changed, its version included.
 */
final class PrometheusPoller extends JosdkEventSourceSeam<PrometheusSnapshot> {

  static final int BUILDINFO_EVERY = PrometheusPolls.BUILDINFO_EVERY;

  private final PrometheusPolls polls;

  PrometheusPoller(
      EventSourceContext<CausalGymMonitoring> context,
      PollSettings settings,
      AccessResolver access,
      Clock clock,
      OperatorMetrics metrics) {
    super(PrometheusSnapshot.class, "prometheus-poller", context);
    this.polls =
        new PrometheusPolls(
            settings,
            access,
            clock,
            () -> primaries().toList(),
            new PrometheusPolls.Listener() {
              @Override
              public void changed(CausalGymMonitoring resource) {
                reconcile(resource);
              }

              @Override
              public void polled(boolean success) {
                metrics.prometheusPolled(success);
              }
            });
  }

  /**
   * What the resource sees of the last poll of its URL; empty before a poll that asked for it,
   * which is then started.
   */
  Optional<PrometheusSnapshot.View> view(CausalGymMonitoring cr) {
    return polls.view(cr);
  }

  @Override
  public synchronized void start() throws OperatorException {
    polls.start();
    super.start();
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    polls.stop();
  }
}
