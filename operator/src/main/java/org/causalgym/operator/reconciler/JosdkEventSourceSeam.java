package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * JOSDK seam: the base of the operator's own event sources ({@link ClusterWatch}, {@link
 * PrometheusPoller}), which have JOSDK reconcile resources and hold no secondary resources. It
 * relies on JOSDK 5.2.3's {@code AbstractEventSource} (its constructor and lifecycle, changed in
 * 5.0), its {@code EventHandler}, {@code Event} and {@code ResourceID}, and {@code health.Status}.
 *
 * @param <T> the type JOSDK registers the source under
 */
abstract class JosdkEventSourceSeam<T> extends AbstractEventSource<T, CausalGymMonitoring> {

  private final IndexedResourceCache<CausalGymMonitoring> primaries;

  JosdkEventSourceSeam(
      Class<T> type, String name, EventSourceContext<CausalGymMonitoring> context) {
    super(type, name);
    this.primaries = context.getPrimaryCache();
  }

  /** The resources as JOSDK's cache holds them. */
  final Stream<CausalGymMonitoring> primaries() {
    return primaries.list();
  }

  /** Has JOSDK reconcile the resource; nothing before JOSDK registered this source. */
  final void reconcile(CausalGymMonitoring resource) {
    if (getEventHandler() != null) {
      getEventHandler().handleEvent(new Event(ResourceID.fromResource(resource)));
    }
  }

  @Override
  public Status getStatus() {
    return isRunning() ? Status.HEALTHY : Status.UNHEALTHY;
  }

  @Override
  public Set<T> getSecondaryResources(CausalGymMonitoring primary) {
    return Set.of();
  }
}
