package org.causalgym.operator.desired;

import java.util.ArrayList;
import java.util.List;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;

/**
 * A Secret key the spec refers to, with the field that refers to it; {@link GymPlan} collects those
 * of what is deployed.
 */
public final class SecretReferences {

  /** One reference: the spec field (e.g. spec.alertmanager.receivers[0].email.authPassword). */
  public record Reference(String field, SecretKeyRef ref) {}

  private SecretReferences() {}

  static void add(List<Reference> references, String field, SecretKeyRef ref) {
    if (ref != null) {
      references.add(new Reference(field, ref));
    }
  }

  /** The Secret keys of the Alertmanager receivers, which Alertmanager itself reads. */
  static List<Reference> receivers(CausalGymMonitoring cr) {
    List<Reference> references = new ArrayList<>();
    List<ReceiverSpec> receivers = cr.getSpec().alertmanager.receivers;
    for (int i = 0; i < receivers.size(); i++) {
      ReceiverSpec receiver = receivers.get(i);
      String field = "spec.alertmanager.receivers[" + i + "]";
      if (receiver.email != null) {
        add(references, field + ".email.authPassword", receiver.email.authPassword);
      }
      if (receiver.webhook != null) {
        add(references, field + ".webhook.urlSecret", receiver.webhook.urlSecret);
      }
      if (receiver.slack != null) {
        add(references, field + ".slack.apiURL", receiver.slack.apiURL);
      }
    }
    return references;
  }
}
