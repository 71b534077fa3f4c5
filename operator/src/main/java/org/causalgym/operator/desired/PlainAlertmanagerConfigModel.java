package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.api.AlertmanagerSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;

/**
 * The plain form of the AlertmanagerConfig: a complete alertmanager.yaml for clusters that run
 * Alertmanager without the prometheus-operator, and for the managed Alertmanager, in a Secret
 * {@code <name>-alertmanager}. Credentials appear only as *_file paths under {@link #SECRETS_DIR},
 * where the referenced Secrets are to be mounted.
 */
public final class PlainAlertmanagerConfigModel {

  public static final String CONFIG_KEY = "alertmanager.yaml";

  /**
   * Where Alertmanager finds Secret keys: the prometheus-operator's mount path for spec.secrets.
   */
  public static final String SECRETS_DIR = "/etc/alertmanager/secrets";

  private PlainAlertmanagerConfigModel() {}

  public static Secret desired(GymPlan plan) {
    CausalGymMonitoring cr = plan.resource();
    String encoded =
        Base64.getEncoder().encodeToString(config(cr).getBytes(StandardCharsets.UTF_8));
    return new SecretBuilder()
        .withMetadata(
            ObjectMetas.named(
                cr, plan.names().plainAlertmanagerConfig(), ResourceLabels.common(cr)))
        .withType("Opaque")
        .withData(Map.of(CONFIG_KEY, encoded))
        .build();
  }

  /** The alertmanager.yaml text. */
  public static String config(CausalGymMonitoring cr) {
    AlertmanagerSpec spec = cr.getSpec().alertmanager;
    List<Object> fanOut = new ArrayList<>();
    for (ReceiverSpec receiver : spec.receivers) {
      fanOut.add(PlainYaml.ordered("receiver", receiver.name, "continue", true));
    }
    Map<String, Object> resourceRoute = new LinkedHashMap<>();
    resourceRoute.put(
        "matchers",
        List.of(
            "namespace=\"" + cr.getMetadata().getNamespace() + "\"",
            AlertLabels.RESOURCE_LABEL + "=\"" + cr.getMetadata().getName() + "\""));
    resourceRoute.put("receiver", AlertmanagerConfigModel.NULL_RECEIVER);
    if (!fanOut.isEmpty()) {
      resourceRoute.put("routes", fanOut);
    }

    Map<String, Object> route = new LinkedHashMap<>();
    route.put("receiver", AlertmanagerConfigModel.NULL_RECEIVER);
    route.put("group_by", spec.route.groupBy);
    route.put("group_wait", spec.route.groupWait);
    route.put("group_interval", spec.route.groupInterval);
    route.put("repeat_interval", spec.route.repeatInterval);
    route.put("routes", List.of(resourceRoute));

    List<Object> receivers = new ArrayList<>();
    receivers.add(PlainYaml.ordered("name", AlertmanagerConfigModel.NULL_RECEIVER));
    spec.receivers.stream().map(PlainAlertmanagerConfigModel::receiver).forEach(receivers::add);

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("route", route);
    config.put("receivers", receivers);
    return PlainYaml.write(config);
  }

  private static Map<String, Object> receiver(ReceiverSpec spec) {
    Map<String, Object> receiver = PlainYaml.ordered("name", spec.name);
    if (spec.email != null) {
      Map<String, Object> email = PlainYaml.ordered("to", spec.email.to, "from", spec.email.from);
      email.put("smarthost", spec.email.smarthost);
      putIfSet(email, "auth_username", spec.email.authUsername);
      putIfSet(email, "auth_password_file", file(spec.email.authPassword));
      email.put("require_tls", spec.email.requireTLS);
      email.put("headers", PlainYaml.ordered("Subject", spec.email.subject));
      email.put("text", spec.email.text);
      email.put("send_resolved", true);
      receiver.put("email_configs", List.of(email));
    }
    if (spec.webhook != null) {
      Map<String, Object> webhook = new LinkedHashMap<>();
      putIfSet(webhook, "url", spec.webhook.url);
      putIfSet(webhook, "url_file", file(spec.webhook.urlSecret));
      webhook.put("send_resolved", true);
      receiver.put("webhook_configs", List.of(webhook));
    }
    if (spec.slack != null) {
      Map<String, Object> slack = PlainYaml.ordered("api_url_file", file(spec.slack.apiURL));
      putIfSet(slack, "channel", spec.slack.channel);
      slack.put("send_resolved", true);
      receiver.put("slack_configs", List.of(slack));
    }
    return receiver;
  }

  /** Where a referenced Secret key is found once the Secret is mounted under SECRETS_DIR. */
  public static String file(SecretKeyRef ref) {
    return ref == null ? null : SECRETS_DIR + "/" + ref.name + "/" + ref.key;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
