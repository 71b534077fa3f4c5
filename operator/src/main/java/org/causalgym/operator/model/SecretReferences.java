package org.causalgym.operator.model;

import java.util.ArrayList;
import java.util.List;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.LoggingSpec;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;

/**
 * Every Secret key the spec refers to for what is deployed, with the field that refers to it. The
 * credentials of spec.prometheus are not here: a missing one only makes Observed say so (the
 * poller's AccessResolver reads them), it never holds back the gym's monitoring.
 */
public final class SecretReferences {

  /** One reference: the spec field (e.g. spec.alertmanager.receivers[0].email.authPassword). */
  public record Reference(String field, SecretKeyRef ref) {}

  private SecretReferences() {}

  /** Every Secret key the spec refers to where it is in use. */
  public static List<Reference> of(CausalGymMonitoring cr) {
    List<Reference> references = new ArrayList<>();
    if (cr.getSpec().alertmanager.enabled) {
      references.addAll(receivers(cr));
    }
    if (StackPrometheusModel.managed(cr) && !StackGrafanaModel.generatesAdminSecret(cr)) {
      // Grafana reads both keys into its environment: a missing one stops its container.
      String secret = cr.getSpec().stack.grafana.adminSecret;
      String field = "spec.stack.grafana.adminSecret";
      references.add(
          new Reference(field, new SecretKeyRef(secret, StackGrafanaModel.ADMIN_USER_KEY)));
      references.add(
          new Reference(field, new SecretKeyRef(secret, StackGrafanaModel.ADMIN_PASSWORD_KEY)));
    }
    LoggingSpec logging = cr.getSpec().logging;
    if (logging.enabled && logging.elasticsearch != null) {
      String field = "spec.logging.elasticsearch";
      add(references, field + ".password", logging.elasticsearch.password);
      add(references, field + ".apiKey", logging.elasticsearch.apiKey);
      add(references, field + ".caSecret", logging.elasticsearch.caSecret);
    }
    return references;
  }

  private static void add(List<Reference> references, String field, SecretKeyRef ref) {
    if (ref != null) {
      references.add(new Reference(field, ref));
    }
  }

  /** The Secret keys of the Alertmanager receivers, which Alertmanager itself reads. */
  public static List<Reference> receivers(CausalGymMonitoring cr) {
    List<Reference> references = new ArrayList<>();
    List<ReceiverSpec> receivers = cr.getSpec().alertmanager.receivers;
    for (int i = 0; i < receivers.size(); i++) {
      ReceiverSpec receiver = receivers.get(i);
      String field = "spec.alertmanager.receivers[" + i + "]";
      if (receiver.email != null && receiver.email.authPassword != null) {
        references.add(new Reference(field + ".email.authPassword", receiver.email.authPassword));
      }
      if (receiver.webhook != null && receiver.webhook.urlSecret != null) {
        references.add(new Reference(field + ".webhook.urlSecret", receiver.webhook.urlSecret));
      }
      if (receiver.slack != null && receiver.slack.apiURL != null) {
        references.add(new Reference(field + ".slack.apiURL", receiver.slack.apiURL));
      }
    }
    return references;
  }
}
