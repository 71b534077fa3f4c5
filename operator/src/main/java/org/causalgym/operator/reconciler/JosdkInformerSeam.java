package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfig;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * JOSDK seam: the informer of one owned kind, shared by its dependents, that does not pass on two
 * kinds of ADD event that cannot change anything, and each cost a second reconcile of a resource:
 *
 * <ul>
 *   <li>the event of an object this operator is creating. JOSDK tells its own writes from others'
 *       by the version its create answered or by its {@code previous} annotation; the event can
 *       arrive before the answer, and Deployments carry no such annotation (JOSDK's blocklist);
 *   <li>the events of the objects the informer listed when it started. Every resource is reconciled
 *       at start-up from the full cache, but the informer hands out its list's events one by one
 *       after JOSDK has started reconciling, so each reached a resource being reconciled and queued
 *       another pass.
 * </ul>
 *
 * <p>It relies on JOSDK 5.2.3's {@code InformerEventSource} internals: that its {@code start()}
 * re-indexes the whole cache on every call, that the on-add filter sees the list's events, and
 * {@code ResourceID}; and on {@code KubernetesDependentResourceConfig#informerConfig}, where JOSDK
 * keeps what a dependent's annotation says of its informer.
 */
final class JosdkInformerSeam<R extends HasMetadata>
    extends InformerEventSource<R, CausalGymMonitoring> {

  /** Objects whose create request is under way, by kind-free id: the informer holds one kind. */
  private final Set<ResourceID> creating;

  /** The version of each object listed at start whose ADD event has not been handed out yet. */
  private final Map<ResourceID, String> listed;

  private JosdkInformerSeam(
      InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<CausalGymMonitoring> context,
      Set<ResourceID> creating,
      Map<ResourceID, String> listed) {
    super(configuration, context);
    this.creating = creating;
    this.listed = listed;
  }

  /** An informer built from the dependent's configuration, with the filters of its class. */
  static <R extends HasMetadata> JosdkInformerSeam<R> of(
      InformerEventSourceConfiguration.Builder<R> configuration,
      EventSourceContext<CausalGymMonitoring> context) {
    Set<ResourceID> creating = ConcurrentHashMap.newKeySet();
    Map<ResourceID, String> listed = new ConcurrentHashMap<>();
    // JOSDK still caches the object: only the reconcile it would trigger is dropped.
    configuration.withOnAddFilter(
        added -> {
          ResourceID id = ResourceID.fromResource(added);
          if (listed.remove(id, added.getMetadata().getResourceVersion())) {
            return false;
          }
          // The list's events come first, in one sequence, and wait for start() to have noted the
          // list (both hold this informer's lock): any other ADD ends them.
          listed.clear();
          return !creating.contains(id);
        });
    return new JosdkInformerSeam<>(configuration.build(), context, creating, listed);
  }

  /**
   * Adds to the informer's configuration what the dependent's annotation says of its informer (its
   * label selector), which JOSDK resolved into the dependent's configuration.
   */
  static <R extends HasMetadata> void withAnnotated(
      InformerEventSourceConfiguration.Builder<R> configuration,
      Optional<KubernetesDependentResourceConfig<R>> annotated) {
    annotated
        .map(KubernetesDependentResourceConfig::informerConfig)
        .ifPresent(configuration::updateFrom);
  }

  /**
   * Starts once. JOSDK calls start() on every reconcile in which a dependent's activation condition
   * holds, and its start() indexes the whole cache again each time: a scan of every object of the
   * kind per reconcile, which made a burst's cost grow with the square of the resources.
   */
  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    super.start();
    list(object -> true)
        .forEach(
            object ->
                listed.put(
                    ResourceID.fromResource(object), object.getMetadata().getResourceVersion()));
  }

  /**
   * The resource's objects among those its primary-to-secondary mapping names: those an owner
   * reference ties to it, as JOSDK 5.2.3's index by owner references (which the mapping replaces)
   * found them. A name alone does not tell whose object it is: an object of that name that another
   * resource or nobody owns is not this resource's, and creating it meets the name taken.
   */
  @Override
  public Set<R> getSecondaryResources(CausalGymMonitoring primary) {
    String uid = primary.getMetadata().getUid();
    return super.getSecondaryResources(primary).stream()
        .filter(
            object ->
                Optional.ofNullable(object.getMetadata().getOwnerReferences()).stream()
                    .flatMap(List::stream)
                    .anyMatch(ref -> uid != null && uid.equals(ref.getUid())))
        .collect(Collectors.toSet());
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
