package org.causalgym.operator.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.causalgym.operator.api.AdditionalAlertSpec;
import org.causalgym.operator.api.AlertmanagerSpec;
import org.causalgym.operator.api.AlertsSpec;
import org.causalgym.operator.api.BurnRateAlertSpec;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.PrometheusSpec;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.SliSpec;
import org.causalgym.operator.api.SloSpec;
import org.causalgym.operator.api.StackSpec;
import org.causalgym.operator.desired.DashboardModel;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.SloRules;
import org.causalgym.operator.promql.AlertTemplates;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.promql.PrometheusVersion;
import org.causalgym.operator.promql.PromqlDuration;
import org.causalgym.operator.promql.PromqlException;
import org.causalgym.operator.promql.PromqlParser;
import org.causalgym.operator.promql.PromqlType;

/**
 * Whether a resource may be applied: the rules its CRD declares, enforced by {@link CrdAdmission}
 * as an API server would (a resource on a cluster or mock that enforced none must not be
 * half-applied either), and the few that no schema or CEL rule can say, checked here: PromQL and
 * alert templates (parsers), a duration's parts summed against what Prometheus can hold, quantities
 * of core/v1 ResourceRequirements (the API server's CEL quantity library is not in cel-java), the
 * dashboards' total size, the namespace (no CRD schema covers it) and literals where a Secret
 * reference belongs.
 */
public final class SpecValidator {

  /** Namespaces are DNS-1123 labels; they end up inside PromQL label matchers. */
  /** Prometheus' label names (model/labels, LabelName.IsValid with the legacy scheme). */
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final List<SpecViolation> violations = new ArrayList<>();
  private final PrometheusTarget target;

  private SpecValidator(PrometheusTarget target) {
    this.target = target;
  }

  /**
   * The outcome of validating a resource.
   *
   * @param violations every violation, by field; empty when the resource may be applied
   * @param admitted the resource as an API server stores it (nulls pruned, defaults set), what the
   *     objects are built from; null where there are violations
   */
  public record Validated(List<SpecViolation> violations, CausalGymMonitoring admitted) {}

  /**
   * All violations of the resource, by field, where no Prometheus is asked (render, the demo): its
   * rules are checked for spec.prometheus.version, the managed image's tag or every supported
   * release; empty when it may be applied.
   */
  public static List<SpecViolation> validate(CausalGymMonitoring cr) {
    return check(cr).violations();
  }

  /** {@link #check(CausalGymMonitoring, PrometheusTarget)} where no Prometheus is asked. */
  public static Validated check(CausalGymMonitoring cr) {
    return check(cr, PrometheusTargets.choose(cr, Optional.empty()));
  }

  /**
   * The violations of the resource, and where there are none, the resource as admitted.
   *
   * @param target the releases its alert expressions and templates must load on ({@link
   *     PrometheusTargets})
   */
  public static Validated check(CausalGymMonitoring cr, PrometheusTarget target) {
    SpecValidator validator = new SpecValidator(target);
    if (cr.getSpec() == null) {
      validator.fail("spec", "must be set");
    }
    // Reported first and on their own: the literal was dropped on reading, so the schema would
    // only see a reference without name and key.
    validator.literalSecrets(cr.getSpec());
    if (!validator.violations.isEmpty()) {
      return new Validated(List.copyOf(validator.violations), null);
    }
    ObjectNode json = Serialization.jsonMapper().valueToTree(cr);
    validator.violations.addAll(CrdAdmission.packaged().admit(json));
    if (!validator.violations.isEmpty()) {
      return new Validated(List.copyOf(validator.violations), null);
    }
    CausalGymMonitoring admitted =
        Serialization.jsonMapper().convertValue(json, CausalGymMonitoring.class);
    validator.beyondTheSchema(admitted);
    return validator.violations.isEmpty()
        ? new Validated(List.of(), admitted)
        : new Validated(List.copyOf(validator.violations), null);
  }

  private void literalSecrets(CausalGymMonitoringSpec spec) {
    if (spec != null && spec.prometheus != null) {
      literal("spec.prometheus.bearerToken", spec.prometheus.bearerToken);
      if (spec.prometheus.basicAuth != null) {
        literal("spec.prometheus.basicAuth.password", spec.prometheus.basicAuth.password);
      }
    }
    if (spec == null || spec.alertmanager == null || spec.alertmanager.receivers == null) {
      return;
    }
    List<ReceiverSpec> receivers = spec.alertmanager.receivers;
    for (int i = 0; i < receivers.size(); i++) {
      ReceiverSpec receiver = receivers.get(i);
      if (receiver == null) {
        continue;
      }
      String field = "spec.alertmanager.receivers[" + i + "]";
      if (receiver.email != null) {
        literal(field + ".email.authPassword", receiver.email.authPassword);
      }
      if (receiver.webhook != null) {
        literal(field + ".webhook.urlSecret", receiver.webhook.urlSecret);
      }
      if (receiver.slack != null) {
        literal(field + ".slack.apiURL", receiver.slack.apiURL);
      }
    }
  }

  /**
   * A literal leaves a reference without name and key once the resource was copied (the flag is not
   * serialised), so that shape gets the same message.
   */
  private void literal(String field, SecretKeyRef ref) {
    if (ref != null && (ref.literalGiven || (ref.name == null && ref.key == null))) {
      fail(field, SecretKeyRef.NEVER_A_LITERAL + "; a literal is discarded on reading");
    }
  }

  /**
   * A CA or credentials with nothing to ask are a mistake worth saying: the rule spans
   * spec.prometheus and spec.stack, which one CEL rule on spec could say only at a higher cost.
   */
  private void prometheusAccess(CausalGymMonitoring cr) {
    PrometheusSpec prometheus = cr.getSpec().prometheus;
    boolean references =
        prometheus.ca != null
            || prometheus.bearerToken != null
            || prometheus.basicAuth != null
            || Boolean.TRUE.equals(prometheus.useServiceAccountToken);
    if (references && GymPlan.observedUrl(cr).isEmpty()) {
      fail(
          "spec.prometheus",
          "ca, bearerToken, basicAuth and useServiceAccountToken need a Prometheus to ask:"
              + " set spec.prometheus.url or spec.stack.mode: managed");
    }
  }

  /** What the schema has let through: every required field is set and every value well-formed. */
  private void beyondTheSchema(CausalGymMonitoring cr) {
    String namespace = cr.getMetadata().getNamespace();
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      fail(
          "metadata.namespace",
          "must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)");
    }
    CausalGymMonitoringSpec spec = cr.getSpec();
    resources("spec.app.resources", spec.app.resources);
    prometheusVersion(spec.prometheus.version);
    prometheusAccess(cr);
    stack(spec.stack);
    alerts(spec.alerts);
    alertmanager(spec.alertmanager);
    responseTimeBuckets(spec.metrics.responseTimeBuckets);
    for (int i = 0; i < spec.slos.size(); i++) {
      slo(cr, "spec.slos[" + i + "]", spec.slos.get(i));
    }
    if (spec.dashboards.enabled && violations.isEmpty()) {
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

  /** The schema checks the syntax; which releases are supported is known here. */
  private void prometheusVersion(String version) {
    if (version == null || version.isEmpty()) {
      return;
    }
    PrometheusVersion named = PrometheusVersion.parse(version).orElse(null);
    if (named == null || !PrometheusTargets.supported(named)) {
      fail(
          PrometheusTargets.SPEC_VERSION,
          version
              + " is not a supported release: name one of "
              + PrometheusTarget.allSupported().describe()
              + ", or leave it empty");
    }
  }

  private void alertmanager(AlertmanagerSpec alertmanager) {
    duration("spec.alertmanager.route.groupWait", alertmanager.route.groupWait);
    duration("spec.alertmanager.route.groupInterval", alertmanager.route.groupInterval);
    duration("spec.alertmanager.route.repeatInterval", alertmanager.route.repeatInterval);
  }

  /** Quantities: the schema says int-or-string; only parsing tells a quantity. */
  private void resources(String field, ResourceRequirements resources) {
    if (resources == null) {
      return;
    }
    Map<String, BigDecimal> requests = quantities(field + ".requests", resources.getRequests());
    Map<String, BigDecimal> limits = quantities(field + ".limits", resources.getLimits());
    requests.forEach(
        (resource, request) -> {
          BigDecimal limit = limits.get(resource);
          if (limit != null && request.compareTo(limit) > 0) {
            fail(
                field + ".requests." + resource,
                "must not exceed " + field + ".limits." + resource);
          }
        });
  }

  /** The managed stack: what its schema cannot say of resources and durations. */
  private void stack(StackSpec stack) {
    resources("spec.stack.prometheus.resources", stack.prometheus.resources);
    resources("spec.stack.alertmanager.resources", stack.alertmanager.resources);
    resources("spec.stack.grafana.resources", stack.grafana.resources);
    duration("spec.stack.prometheus.retention", stack.prometheus.retention);
  }

  private Map<String, BigDecimal> quantities(String field, Map<String, Quantity> quantities) {
    Map<String, BigDecimal> amounts = new LinkedHashMap<>();
    if (quantities == null) {
      return amounts;
    }
    quantities.forEach(
        (resource, quantity) -> {
          BigDecimal amount = amount(quantity);
          if (amount == null) {
            fail(field + "." + resource, "is not a Kubernetes quantity: " + quantity);
          } else if (amount.signum() < 0) {
            fail(field + "." + resource, "must not be negative: " + quantity);
          } else {
            amounts.put(resource, amount);
          }
        });
    return amounts;
  }

  private static BigDecimal amount(Quantity quantity) {
    if (quantity == null || quantity.getAmount() == null || quantity.getAmount().isEmpty()) {
      return null;
    }
    try {
      return quantity.getNumericalAmount();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void alerts(AlertsSpec alerts) {
    duration("spec.alerts.highErrorRate.for", alerts.highErrorRate.forDuration);
    duration("spec.alerts.highMemoryUsage.for", alerts.highMemoryUsage.forDuration);
    duration("spec.alerts.serviceDown.for", alerts.serviceDown.forDuration);
    for (int i = 0; i < alerts.additional.size(); i++) {
      String field = "spec.alerts.additional[" + i + "]";
      AdditionalAlertSpec rule = alerts.additional.get(i);
      alertExpression(field + ".expr", rule.expr);
      template(field + ".summary", rule.summary);
      template(field + ".description", rule.description);
      if (rule.forDuration != null) {
        duration(field + ".for", rule.forDuration);
      }
    }
  }

  private void responseTimeBuckets(List<Double> buckets) {
    for (int i = 0; i < buckets.size(); i++) {
      Double bound = buckets.get(i);
      if (bound == null || !(bound > 0) || bound.isInfinite()) {
        fail(
            "spec.metrics.responseTimeBuckets[" + i + "]",
            "must be a positive, finite number of seconds (+Inf is every histogram's own)");
      }
    }
  }

  /**
   * An objective: what its schema cannot say (the latency bound, the custom queries, the alerts'
   * labels and templates), then every rule it becomes, parsed as Prometheus would load it.
   */
  private void slo(CausalGymMonitoring cr, String field, SloSpec slo) {
    List<Double> buckets = cr.getSpec().metrics.responseTimeBuckets;
    int before = violations.size();
    if (slo.sli.latency != null) {
      double threshold = slo.sli.latency.thresholdSeconds;
      if (buckets.stream().noneMatch(bound -> bound != null && bound == threshold)) {
        fail(
            field + ".sli.latency.thresholdSeconds",
            threshold
                + " is not a bound of the gym's response-time histogram; name one of"
                + " spec.metrics.responseTimeBuckets: "
                + String.join(
                    ", ",
                    buckets.stream()
                        .map(bound -> BigDecimal.valueOf(bound).toPlainString())
                        .toList()));
      }
    }
    if (slo.sli.custom != null) {
      customQuery(field + ".sli.custom.errorQuery", slo.sli.custom.errorQuery);
      customQuery(field + ".sli.custom.totalQuery", slo.sli.custom.totalQuery);
    }
    burnRateAlert(field + ".alerts.page", slo.alerts.page);
    burnRateAlert(field + ".alerts.ticket", slo.alerts.ticket);
    if (violations.size() == before) {
      // What the objective's parts make must load too, on the same releases.
      for (Rule rule : SloRules.rules(cr, slo)) {
        alertExpression(field, rule.getExpr().getStrVal());
      }
    }
  }

  /** A custom query must vary with the window, else every window records the same ratio. */
  private void customQuery(String field, String query) {
    if (!query.contains(SliSpec.WINDOW_PLACEHOLDER)) {
      fail(
          field,
          "must hold "
              + SliSpec.WINDOW_PLACEHOLDER
              + " in its range selectors, e.g. rate(x["
              + SliSpec.WINDOW_PLACEHOLDER
              + "]): each recording rule puts its window there");
      return;
    }
    alertExpression(field, query.replace(SliSpec.WINDOW_PLACEHOLDER, "5m"));
  }

  private void burnRateAlert(String field, BurnRateAlertSpec alert) {
    if (alert.forDuration != null) {
      duration(field + ".for", alert.forDuration);
    }
    template(field + ".summary", alert.summary);
    template(field + ".description", alert.description);
    alert.labels.forEach(
        (name, value) -> {
          if (!LABEL_NAME.matcher(name).matches()) {
            fail(
                field + ".labels." + name,
                "is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
          } else if (SloRules.OWN_LABELS.contains(name)) {
            fail(
                field + ".labels." + name,
                "is set by the operator; name it in the spec's own field");
          }
        });
  }

  /**
   * PromQL as Prometheus parses and type-checks it; an alert's result must be an instant vector or
   * a scalar, which Prometheus only finds out when it evaluates the rule.
   */
  private void alertExpression(String field, String expr) {
    try {
      PromqlType type = PromqlParser.parse(expr, target);
      if (type != PromqlType.VECTOR && type != PromqlType.SCALAR) {
        fail(field, "an alert must return an instant vector or a scalar, this returns a " + type);
      }
    } catch (PromqlException e) {
      fail(field, onTarget(e.describe()));
    }
  }

  private void template(String field, String template) {
    if (template != null) {
      AlertTemplates.firstProblem(template, target)
          .ifPresent(problem -> fail(field, onTarget(problem)));
    }
  }

  /**
   * The problem with the releases the rule was checked for, and why those (what to change when it
   * is wrong), unless a release-dependent problem already names them.
   */
  private String onTarget(String problem) {
    return problem.contains(target.describe())
        ? problem
        : problem + " (checked for " + target.describe() + ": " + target.reason() + ")";
  }

  /** The pattern is the schema's; the sum of its parts only a parser can bound. */
  private void duration(String field, String value) {
    if (!PromqlDuration.inRange(value)) {
      fail(field, "is longer than Prometheus can hold (about 292 years)");
    }
  }

  private void fail(String field, String problem) {
    violations.add(new SpecViolation(field, problem));
  }
}
