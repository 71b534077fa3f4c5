package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.model.PrometheusSnapshot;
import org.causalgym.operator.observe.AccessResolver;
import org.causalgym.operator.observe.PollSettings;
import org.causalgym.operator.observe.PrometheusPolls;
import org.causalgym.operator.runtime.OperatorMetrics;

/**
 * The polls of the Prometheus servers that resources name in spec.prometheus.url ({@link
 * PrometheusPolls}) as an event source: a resource is reconciled only when what it sees of its
 * URL's poll ({@link PrometheusSnapshot.View}) changed, its version included.
 */
final class PrometheusPoller extends AbstractEventSource<PrometheusSnapshot, CausalGymMonitoring> {

  static final int BUILDINFO_EVERY = PrometheusPolls.BUILDINFO_EVERY;

  private final PrometheusPolls polls;

  PrometheusPoller(
      EventSourceContext<CausalGymMonitoring> context,
      PollSettings settings,
      AccessResolver access,
      Clock clock,
      OperatorMetrics metrics) {
    super(PrometheusSnapshot.class, "prometheus-poller");
    this.polls =
        new PrometheusPolls(
            settings,
            access,
            clock,
            () -> context.getPrimaryCache().list().toList(),
            new PrometheusPolls.Listener() {
              @Override
              public void changed(CausalGymMonitoring resource) {
                if (getEventHandler() != null) {
                  getEventHandler().handleEvent(new Event(ResourceID.fromResource(resource)));
                }
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

  @Override
  public Status getStatus() {
    return isRunning() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  @Override
  public Set<PrometheusSnapshot> getSecondaryResources(CausalGymMonitoring primary) {
    return Set.of();
  }
}
