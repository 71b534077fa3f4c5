package org.causalgym.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.causalgym.operator.api.AdditionalAlertSpec;
import org.causalgym.operator.api.AlertSpec;
import org.causalgym.operator.api.AlertmanagerSpec;
import org.causalgym.operator.api.AlertsSpec;
import org.causalgym.operator.api.AppSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.DashboardsSpec;
import org.causalgym.operator.api.EmailReceiverSpec;
import org.causalgym.operator.api.HttpPath;
import org.causalgym.operator.api.MetricName;
import org.causalgym.operator.api.MetricsSpec;
import org.causalgym.operator.api.ProbeSpec;
import org.causalgym.operator.api.PrometheusDuration;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.RouteSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.WebhookReceiverSpec;

/**
 * Everything the CRD schema checks, and what it cannot, checked again in the operator: the mock API
 * and old clusters enforce no schema, and a bad object must never be half-applied.
 */
public final class SpecValidator {

  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
  private static final Pattern SEVERITY = Pattern.compile(AlertSpec.SEVERITY_PATTERN);
  private static final Pattern PROMETHEUS_LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern RECEIVER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern EMAIL = Pattern.compile("[^\\s@<>]+@[^\\s@<>]+");
  private static final Pattern SMARTHOST = Pattern.compile("[^\\s:/]+:[0-9]{1,5}");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  private final List<SpecViolation> violations = new ArrayList<>();

  private SpecValidator() {}

  /** All violations of the resource, in field order; empty when it may be applied. */
  public static List<SpecViolation> validate(CausalGymMonitoring cr) {
    SpecValidator validator = new SpecValidator();
    validator.check(cr);
    return List.copyOf(validator.violations);
  }

  private void check(CausalGymMonitoring cr) {
    String name = cr.getMetadata() == null ? null : cr.getMetadata().getName();
    // The Service takes the resource's name, and Service names are DNS-1035 labels.
    if (name == null || name.length() > 63 || !DNS_1035_LABEL.matcher(name).matches()) {
      fail(
          "metadata.name",
          "must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter,"
              + " at most 63 characters) because the Service is named after it");
    }
    CausalGymMonitoringSpec spec = cr.getSpec();
    if (spec == null) {
      fail("spec", "must be set");
      return;
    }
    if (present("spec.app", spec.app)) {
      app(spec.app);
    }
    if (present("spec.metrics", spec.metrics)) {
      metrics(spec.metrics);
    }
    if (present("spec.prometheus", spec.prometheus)) {
      labels("spec.prometheus.selectorLabels", spec.prometheus.selectorLabels);
    }
    if (present("spec.alerts", spec.alerts)) {
      alerts(spec.alerts);
    }
    if (present("spec.alertmanager", spec.alertmanager)) {
      alertmanager(spec.alertmanager);
    }
    if (present("spec.dashboards", spec.dashboards)) {
      dashboards(cr, spec.dashboards);
    }
  }

  private void alertmanager(AlertmanagerSpec alertmanager) {
    if (present("spec.alertmanager.route", alertmanager.route)) {
      RouteSpec route = alertmanager.route;
      if (present("spec.alertmanager.route.groupBy", route.groupBy)) {
        for (int i = 0; i < route.groupBy.size(); i++) {
          String label = route.groupBy.get(i);
          if (label == null
              || !(label.equals("...") || PROMETHEUS_LABEL.matcher(label).matches())) {
            fail("spec.alertmanager.route.groupBy[" + i + "]", "must be a label name or ...");
          }
        }
      }
      forDuration("spec.alertmanager.route.groupWait", route.groupWait);
      forDuration("spec.alertmanager.route.groupInterval", route.groupInterval);
      forDuration("spec.alertmanager.route.repeatInterval", route.repeatInterval);
    }
    if (!present("spec.alertmanager.receivers", alertmanager.receivers)) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < alertmanager.receivers.size(); i++) {
      String field = "spec.alertmanager.receivers[" + i + "]";
      ReceiverSpec receiver = alertmanager.receivers.get(i);
      if (!present(field, receiver)) {
        continue;
      }
      if (receiver.name == null || !RECEIVER_NAME.matcher(receiver.name).matches()) {
        fail(field + ".name", "must be set: letters, digits, '.', '_' or '-'");
      } else if (receiver.name.equals(AlertmanagerConfigModel.NULL_RECEIVER)) {
        fail(field + ".name", "\"null\" is the operator's own receiver for dropped alerts");
      } else if (!names.add(receiver.name)) {
        fail(field + ".name", receiver.name + " is used by an earlier receiver");
      }
      long types =
          Stream.of(receiver.email, receiver.webhook, receiver.slack)
              .filter(t -> t != null)
              .count();
      if (types != 1) {
        fail(field, "must have exactly one of email, webhook, slack; found " + types);
      }
      if (receiver.email != null) {
        email(field + ".email", receiver.email);
      }
      if (receiver.webhook != null) {
        webhook(field + ".webhook", receiver.webhook);
      }
      if (receiver.slack != null) {
        secretRef(field + ".slack.apiURL", receiver.slack.apiURL, true);
      }
    }
  }

  private void email(String field, EmailReceiverSpec email) {
    address(field + ".to", email.to);
    address(field + ".from", email.from);
    if (email.smarthost == null || !SMARTHOST.matcher(email.smarthost).matches()) {
      fail(field + ".smarthost", "must be host:port, such as smtp.example.org:587");
    }
    secretRef(field + ".authPassword", email.authPassword, false);
  }

  private void address(String field, String address) {
    if (address == null || !EMAIL.matcher(address).matches()) {
      fail(field, "must be an e-mail address");
    }
  }

  private void webhook(String field, WebhookReceiverSpec webhook) {
    if ((webhook.url == null) == (webhook.urlSecret == null)) {
      fail(field, "must have exactly one of url and urlSecret");
    }
    if (webhook.url != null && !isHttpUrl(webhook.url)) {
      fail(field + ".url", "must be an absolute http or https URL with a host");
    }
    secretRef(field + ".urlSecret", webhook.urlSecret, false);
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** A Secret key reference; never a literal, which is dropped on reading and only reported. */
  private void secretRef(String field, SecretKeyRef ref, boolean required) {
    if (ref == null) {
      if (required) {
        fail(field, "must reference a Secret key: {name: <secret>, key: <key>}");
      }
      return;
    }
    if (ref.literalGiven) {
      fail(
          field,
          "must reference a Secret key ({name: <secret>, key: <key>}), never a literal value;"
              + " the literal was discarded");
      return;
    }
    if (ref.name == null
        || ref.name.length() > 253
        || !DNS_1123_SUBDOMAIN.matcher(ref.name).matches()) {
      fail(field + ".name", "must be the name of a Secret in the resource's namespace");
    }
    if (ref.key == null || !SECRET_KEY.matcher(ref.key).matches()) {
      fail(field + ".key", "must be a key of that Secret (letters, digits, '-', '_', '.')");
    }
  }

  private void dashboards(CausalGymMonitoring cr, DashboardsSpec dashboards) {
    if (dashboards.folder == null || dashboards.folder.isBlank()) {
      fail("spec.dashboards.folder", "must name a Grafana folder");
    }
    if (present("spec.dashboards.labels", dashboards.labels)) {
      labels("spec.dashboards.labels", dashboards.labels);
    }
    // Only measurable, and only worth measuring, once what goes into the dashboards is sound.
    if (dashboards.enabled && violations.isEmpty()) {
      long bytes = DashboardModel.dataBytes(cr);
      if (bytes > DashboardModel.CONFIG_MAP_LIMIT_BYTES) {
        fail(
            "spec.dashboards",
            "the dashboards come to "
                + bytes
                + " bytes, more than the "
                + DashboardModel.CONFIG_MAP_LIMIT_BYTES
                + " a ConfigMap holds; shorten spec.metrics.prefix or set enabled: false");
      }
    }
  }

  private void app(AppSpec app) {
    if (app.image == null || app.image.isBlank()) {
      fail("spec.app.image", "must be set to the image of the Causal Interface Gym");
    } else if (!app.image.equals(app.image.strip())
        || app.image.chars().anyMatch(Character::isWhitespace)) {
      fail("spec.app.image", "must not contain white space");
    }
    atLeast("spec.app.replicas", app.replicas, 0);
    port("spec.app.port", app.port);
    port("spec.app.metricsPort", app.metricsPort);
    if (app.port == app.metricsPort) {
      fail("spec.app.metricsPort", "must differ from spec.app.port (both are " + app.port + ")");
    }
    httpPath("spec.app.metricsPath", app.metricsPath);
    present("spec.app.logLevel", app.logLevel);
    atLeast("spec.app.healthCheckIntervalSeconds", app.healthCheckIntervalSeconds, 1);
    probe("spec.app.liveness", app.liveness);
    probe("spec.app.readiness", app.readiness);
    resources(app.resources);
    if (present("spec.app.env", app.env)) {
      env(app.env);
    }
  }

  private void probe(String field, ProbeSpec probe) {
    if (!present(field, probe)) {
      return;
    }
    httpPath(field + ".path", probe.path);
    atLeast(field + ".initialDelaySeconds", probe.initialDelaySeconds, 0);
    atLeast(field + ".periodSeconds", probe.periodSeconds, 1);
    atLeast(field + ".timeoutSeconds", probe.timeoutSeconds, 1);
    atLeast(field + ".failureThreshold", probe.failureThreshold, 1);
  }

  private void resources(ResourceRequirements resources) {
    if (resources == null) {
      return;
    }
    Map<String, BigDecimal> requests =
        quantities("spec.app.resources.requests", resources.getRequests());
    Map<String, BigDecimal> limits = quantities("spec.app.resources.limits", resources.getLimits());
    requests.forEach(
        (resource, request) -> {
          BigDecimal limit = limits.get(resource);
          if (limit != null && request.compareTo(limit) > 0) {
            fail(
                "spec.app.resources.requests." + resource,
                "must not exceed spec.app.resources.limits." + resource);
          }
        });
  }

  private Map<String, BigDecimal> quantities(String field, Map<String, Quantity> quantities) {
    Map<String, BigDecimal> amounts = new java.util.LinkedHashMap<>();
    if (quantities == null) {
      return amounts;
    }
    quantities.forEach(
        (resource, quantity) -> {
          try {
            amounts.put(resource, quantity.getNumericalAmount());
          } catch (RuntimeException e) {
            fail(field + "." + resource, "is not a Kubernetes quantity: " + quantity);
          }
        });
    return amounts;
  }

  private void env(List<EnvVar> env) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < env.size(); i++) {
      String field = "spec.app.env[" + i + "]";
      EnvVar var = env.get(i);
      if (!present(field, var)) {
        continue;
      }
      if (var.getName() == null || !ENV_NAME.matcher(var.getName()).matches()) {
        fail(field + ".name", "must be a valid environment variable name");
      } else if (DeploymentModel.OPERATOR_ENV.contains(var.getName())) {
        fail(
            field + ".name",
            var.getName() + " is set by the operator from the spec and may not be repeated here");
      } else if (!seen.add(var.getName())) {
        fail(field + ".name", var.getName() + " is listed twice");
      }
      if (var.getValue() != null && var.getValueFrom() != null) {
        fail(field, "may have value or valueFrom, not both");
      }
    }
  }

  private void metrics(MetricsSpec metrics) {
    if (metrics.prefix == null || !metrics.prefix.matches(MetricName.PREFIX_PATTERN)) {
      fail(
          "spec.metrics.prefix",
          "must be a metric name prefix (letters, digits and '_', not starting with a digit)");
    }
    boolean interval = scrapeDuration("spec.metrics.scrapeInterval", metrics.scrapeInterval);
    boolean timeout = scrapeDuration("spec.metrics.scrapeTimeout", metrics.scrapeTimeout);
    if (interval
        && timeout
        && PrometheusDuration.parse(metrics.scrapeTimeout)
                .compareTo(PrometheusDuration.parse(metrics.scrapeInterval))
            > 0) {
      fail(
          "spec.metrics.scrapeTimeout",
          "must not exceed spec.metrics.scrapeInterval (" + metrics.scrapeInterval + ")");
    }
  }

  private boolean scrapeDuration(String field, String value) {
    if (value == null
        || value.isEmpty()
        || !value.matches(PrometheusDuration.SCRAPE_PATTERN)
        || PrometheusDuration.parse(value).isZero()) {
      fail(field, "must be a positive duration in h, m, s or ms, such as 30s or 1m30s");
      return false;
    }
    return true;
  }

  private void alerts(AlertsSpec alerts) {
    if (builtIn("spec.alerts.highErrorRate", alerts.highErrorRate)) {
      double threshold = alerts.highErrorRate.threshold;
      if (!Double.isFinite(threshold) || threshold < 0) {
        fail("spec.alerts.highErrorRate.threshold", "must be a number of errors per second >= 0");
      }
    }
    if (builtIn("spec.alerts.highMemoryUsage", alerts.highMemoryUsage)) {
      double percent = alerts.highMemoryUsage.thresholdPercent;
      if (!Double.isFinite(percent) || percent < 0 || percent > 100) {
        fail("spec.alerts.highMemoryUsage.thresholdPercent", "must be between 0 and 100");
      }
    }
    builtIn("spec.alerts.serviceDown", alerts.serviceDown);
    if (present("spec.alerts.additional", alerts.additional)) {
      additional(alerts.additional);
    }
  }

  private boolean builtIn(String field, AlertSpec alert) {
    if (!present(field, alert)) {
      return false;
    }
    forDuration(field + ".for", alert.forDuration);
    severity(field + ".severity", alert.severity);
    return true;
  }

  private void additional(List<AdditionalAlertSpec> additional) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < additional.size(); i++) {
      String field = "spec.alerts.additional[" + i + "]";
      AdditionalAlertSpec rule = additional.get(i);
      if (!present(field, rule)) {
        continue;
      }
      if (rule.name == null || !rule.name.matches(MetricName.ALERT_NAME_PATTERN)) {
        fail(field + ".name", "must be an alert name (a letter, then letters, digits and '_')");
      } else if (PrometheusRuleModel.BUILT_IN_ALERTS.contains(rule.name)) {
        fail(field + ".name", rule.name + " is a built-in alert; configure it under spec.alerts");
      } else if (!names.add(rule.name)) {
        fail(field + ".name", rule.name + " is used by an earlier additional alert");
      }
      if (rule.expr == null || rule.expr.isBlank()) {
        fail(field + ".expr", "must be a PromQL expression");
      } else {
        String unbalanced = PromqlBrackets.firstProblem(rule.expr);
        if (unbalanced != null) {
          fail(field + ".expr", unbalanced);
        }
      }
      if (rule.forDuration != null) {
        forDuration(field + ".for", rule.forDuration);
      }
      severity(field + ".severity", rule.severity);
    }
  }

  private void forDuration(String field, String value) {
    if (!PrometheusDuration.isValid(value)) {
      fail(field, "must be a Prometheus duration such as 30s, 5m or 1h30m");
    }
  }

  private void severity(String field, String value) {
    if (value == null || !SEVERITY.matcher(value).matches()) {
      fail(field, "must be one of critical, warning, info, none");
    }
  }

  private void labels(String field, Map<String, String> labels) {
    labels.forEach(
        (key, value) -> {
          if (!isLabelKey(key)) {
            fail(field, "'" + key + "' is not a valid label key");
          }
          if (value == null
              || value.length() > 63
              || !(value.isEmpty() || LABEL_NAME.matcher(value).matches())) {
            fail(field + "." + key, "'" + value + "' is not a valid label value");
          }
        });
  }

  private static boolean isLabelKey(String key) {
    if (key == null) {
      return false;
    }
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(prefix).matches()) {
        return false;
      }
    }
    return name.length() <= 63 && LABEL_NAME.matcher(name).matches();
  }

  private void port(String field, int port) {
    if (port < 1 || port > 65535) {
      fail(field, "must be between 1 and 65535, was " + port);
    }
  }

  private void atLeast(String field, int value, int minimum) {
    if (value < minimum) {
      fail(field, "must be at least " + minimum + ", was " + value);
    }
  }

  private void httpPath(String field, String path) {
    if (path == null || !path.matches(HttpPath.PATTERN)) {
      fail(field, "must be an absolute HTTP path such as /metrics");
    }
  }

  private boolean present(String field, Object value) {
    if (value == null) {
      fail(field, "must be set");
      return false;
    }
    return true;
  }

  private void fail(String field, String problem) {
    violations.add(new SpecViolation(field, problem));
  }
}
