package org.causalgym.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.causalgym.operator.api.AdditionalAlertSpec;
import org.causalgym.operator.api.AlertSpec;
import org.causalgym.operator.api.AlertsSpec;
import org.causalgym.operator.api.AppSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.HttpPath;
import org.causalgym.operator.api.MetricName;
import org.causalgym.operator.api.MetricsSpec;
import org.causalgym.operator.api.ProbeSpec;
import org.causalgym.operator.api.PrometheusDuration;

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
