package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * The informer of one owned kind, shared by its dependents, that does not pass on the watch event
 * of an object this operator is creating. JOSDK tells its own writes from others' by the version
 * its create answered or by its {@code previous} annotation; the event can arrive before the
 * answer, and Deployments carry no such annotation (JOSDK's blocklist), so each new resource was
 * reconciled a second time for nothing.
 */
final class OwnedObjectInformer<R extends HasMetadata>
    extends InformerEventSource<R, CausalGymMonitoring> {

  /** Objects whose create request is under way, by kind-free id: the informer holds one kind. */
  private final Set<ResourceID> creating;

  private OwnedObjectInformer(
      InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<CausalGymMonitoring> context,
      Set<ResourceID> creating) {
    super(configuration, context);
    this.creating = creating;
  }

  /** An informer built from the dependent's configuration, with the filter of its own creates. */
  static <R extends HasMetadata> OwnedObjectInformer<R> of(
      InformerEventSourceConfiguration.Builder<R> configuration,
      EventSourceContext<CausalGymMonitoring> context) {
    Set<ResourceID> creating = ConcurrentHashMap.newKeySet();
    // JOSDK still caches the object: only the reconcile it would trigger is dropped.
    configuration.withOnAddFilter(added -> !creating.contains(ResourceID.fromResource(added)));
    return new OwnedObjectInformer<>(configuration.build(), context, creating);
  }

  /**
   * Marks the object as being created until {@link #created} or a failed create, after which
   * JOSDK's cache of recent writes knows its version.
   */
  void creating(HasMetadata object) {
    creating.add(ResourceID.fromResource(object));
  }

  /** Ends the mark of {@link #creating}. */
  void created(HasMetadata object) {
    creating.remove(ResourceID.fromResource(object));
  }
}
