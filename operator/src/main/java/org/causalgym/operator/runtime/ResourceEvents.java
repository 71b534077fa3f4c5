package org.causalgym.operator.runtime;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.status.ReadyReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on a CausalGymMonitoring, so that kubectl describe tells its story. Messages
 * name objects and fields, never Secret values.
 */
public final class ResourceEvents {

  static final String COMPONENT = "causal-gym-operator";
  private static final Logger LOG = LoggerFactory.getLogger(ResourceEvents.class);

  private ResourceEvents() {}

  /** A reconcile that wrote: the reason is the verb its writes share (Created, Updated, …). */
  public static void applied(
      KubernetesClient client, CausalGymMonitoring cr, String verb, String message) {
    record(client, cr, "Normal", verb, message);
  }

  /** A Ready condition that says nothing was applied: the spec is invalid or the API failed. */
  public static void notApplied(
      KubernetesClient client, CausalGymMonitoring cr, ReadyReason reason, String message) {
    record(client, cr, "Warning", reason.name(), message);
  }

  /**
   * A condition other than Ready that changed its status or reason, under that reason: Normal where
   * it now holds, Warning otherwise.
   */
  public static void transition(KubernetesClient client, CausalGymMonitoring cr, Condition now) {
    record(
        client,
        cr,
        "True".equals(now.getStatus()) ? "Normal" : "Warning",
        now.getReason(),
        now.getType() + "=" + now.getStatus() + ": " + now.getMessage());
  }

  private static void record(
      KubernetesClient client, CausalGymMonitoring cr, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(cr.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(cr.getMetadata().getName() + "." + UUID.randomUUID())
                  .withNamespace(cr.getMetadata().getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(cr.getApiVersion())
                          .withKind(cr.getKind())
                          .withName(cr.getMetadata().getName())
                          .withNamespace(cr.getMetadata().getNamespace())
                          .withUid(cr.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  // The API server refuses event messages over 1 KiB.
                  .withMessage(
                      message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                  .withNewSource(COMPONENT, null)
                  .withReportingComponent(COMPONENT)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; failing to write one must not fail the reconcile.
      LOG.warn(
          "Could not record event {} on {}: HTTP {}",
          reason,
          cr.getMetadata().getName(),
          e.getCode());
    }
  }
}
