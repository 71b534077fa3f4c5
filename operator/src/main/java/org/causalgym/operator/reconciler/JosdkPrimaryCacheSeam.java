package org.causalgym.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.causalgym.operator.api.CausalGymMonitoring;

/**
 * JOSDK seam: tells JOSDK's cache of the resources of a write the reconciler made itself, as
 * JOSDK's own status patches do. It relies on JOSDK 5.2.3's {@code ControllerEventSource} (reached
 * through {@code Context#eventSourceRetriever}, not part of the reconciler API) and its {@code
 * handleRecentResourceUpdate}, whose signature changes between releases.
 */
final class JosdkPrimaryCacheSeam {

  private JosdkPrimaryCacheSeam() {}

  /**
   * The next reconcile starts from updated rather than from an informer that has not seen it, and
   * updated's own watch event is not taken for a change.
   *
   * @param updated the resource as the API server answered the write
   * @param written the resource the write was made from
   */
  static void wrote(
      Context<CausalGymMonitoring> context,
      CausalGymMonitoring updated,
      CausalGymMonitoring written) {
    context
        .eventSourceRetriever()
        .getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(written), updated, written);
  }
}
