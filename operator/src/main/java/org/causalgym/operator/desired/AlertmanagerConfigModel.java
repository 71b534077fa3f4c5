package org.causalgym.operator.desired;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfigBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.EmailConfigBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.MatcherBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.Receiver;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.ReceiverBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.SlackConfigBuilder;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.WebhookConfigBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.AlertmanagerSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;

/**
 * The desired AlertmanagerConfig (monitoring.coreos.com/v1alpha1): this resource's alerts go to
 * every receiver of the spec. The prometheus-operator adds the namespace matcher itself.
 */
public final class AlertmanagerConfigModel {

  /** Receiver without integrations: Alertmanager drops what reaches it. */
  public static final String NULL_RECEIVER = ReceiverSpec.NULL_RECEIVER;

  private AlertmanagerConfigModel() {}

  public static AlertmanagerConfig desired(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    AlertmanagerSpec spec = cr.getSpec().alertmanager;
    List<Receiver> receivers = new ArrayList<>();
    receivers.add(new ReceiverBuilder().withName(NULL_RECEIVER).build());
    spec.receivers.stream().map(AlertmanagerConfigModel::receiver).forEach(receivers::add);
    return new AlertmanagerConfigBuilder()
        .withMetadata(ObjectMetas.sameName(cr, ResourceLabels.forPrometheus(cr)))
        .withNewSpec()
        .withNewRoute()
        .withReceiver(NULL_RECEIVER)
        .withGroupBy(spec.route.groupBy)
        .withGroupWait(spec.route.groupWait)
        .withGroupInterval(spec.route.groupInterval)
        .withRepeatInterval(spec.route.repeatInterval)
        .withMatchers(
            new MatcherBuilder()
                .withName(AlertLabels.RESOURCE_LABEL)
                .withMatchType("=")
                .withValue(cr.getMetadata().getName())
                .build())
        .withRoutes(fanOut(spec))
        .endRoute()
        .withReceivers(receivers)
        .endSpec()
        .build();
  }

  /** One child route per receiver, each continuing, so that every receiver gets every alert. */
  private static List<JsonNode> fanOut(AlertmanagerSpec spec) {
    return spec.receivers.stream()
        .map(
            r -> {
              Map<String, Object> route = new LinkedHashMap<>();
              route.put("receiver", r.name);
              route.put("continue", true);
              return Serialization.jsonMapper().<JsonNode>valueToTree(route);
            })
        .toList();
  }

  private static Receiver receiver(ReceiverSpec spec) {
    ReceiverBuilder receiver = new ReceiverBuilder().withName(spec.name);
    if (spec.email != null) {
      receiver.addToEmailConfigs(
          new EmailConfigBuilder()
              .withTo(spec.email.to)
              .withFrom(spec.email.from)
              .withSmarthost(spec.email.smarthost)
              .withAuthUsername(spec.email.authUsername)
              .withAuthPassword(selector(spec.email.authPassword))
              .withRequireTLS(spec.email.requireTLS)
              .addNewHeader("Subject", spec.email.subject)
              .withText(spec.email.text)
              .withSendResolved(true)
              .build());
    }
    if (spec.webhook != null) {
      receiver.addToWebhookConfigs(
          new WebhookConfigBuilder()
              .withUrl(spec.webhook.url)
              .withUrlSecret(selector(spec.webhook.urlSecret))
              .withSendResolved(true)
              .build());
    }
    if (spec.slack != null) {
      receiver.addToSlackConfigs(
          new SlackConfigBuilder()
              .withApiURL(selector(spec.slack.apiURL))
              .withChannel(spec.slack.channel)
              .withSendResolved(true)
              .build());
    }
    return receiver.build();
  }

  private static SecretKeySelector selector(SecretKeyRef ref) {
    return ref == null ? null : new SecretKeySelector(ref.key, ref.name, false);
  }
}
