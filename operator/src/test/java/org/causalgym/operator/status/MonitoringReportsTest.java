package org.causalgym.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.causalgym.operator.admission.SpecValidator;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.ObservedStatus;
import org.causalgym.operator.desired.GymPlan;
import org.causalgym.operator.desired.PrometheusRuleModel;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.desired.SloRules;
import org.causalgym.operator.observe.PrometheusAnswers;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * Observed from the answers of Prometheus' HTTP API as Prometheus 2.x writes them, including the
 * cases a live Prometheus is hard to put in (a rule failing its evaluation, another version of the
 * group, an error answer), and Available from a Deployment as its controller reports it.
 */
class MonitoringReportsTest {

  private static final JsonFactory JSON = new JsonFactory();

  private static CausalGymMonitoring resource() {
    CausalGymMonitoring cr =
        SpecValidator.check(Repository.resource(Repository.samples().resolve("minimal.yaml")))
            .admitted();
    cr.getMetadata().setName("gym-r");
    cr.getMetadata().setNamespace("lab-r");
    cr.getSpec().prometheus.url = "http://prometheus.lab-r.svc:9090";
    return cr;
  }

  private static String targets(String... healthAndError) {
    StringBuilder active = new StringBuilder();
    for (int i = 0; i < healthAndError.length; i += 2) {
      active
          .append(i == 0 ? "" : ",")
          .append(
              """
              {"labels": {"job": "gym-r", "namespace": "lab-r", "instance": "10.0.0.%d:8080"},
               "scrapeUrl": "http://10.0.0.%d:8080/metrics", "health": "%s", "lastError": "%s"}
              """
                  .formatted(i, i, healthAndError[i], healthAndError[i + 1]));
    }
    // A target of another gym with the same job name in another namespace is not this one's.
    active.append(
        (active.length() == 0 ? "" : ",")
            + """
            {"labels": {"job": "gym-r", "namespace": "elsewhere"}, "scrapeUrl": "x",
             "health": "down", "lastError": "not ours"}
            """);
    return "{\"status\": \"success\", \"data\": {\"activeTargets\": [" + active + "]}}";
  }

  private static String rules(CausalGymMonitoring cr, int count, String brokenRule) {
    StringBuilder rules = new StringBuilder();
    var names =
        PrometheusRuleModel.rules(cr).stream()
            .map(r -> r.getAlert() != null ? r.getAlert() : r.getRecord())
            .toList();
    for (int i = 0; i < count; i++) {
      String name = names.get(i % names.size());
      boolean broken = name.equals(brokenRule);
      rules
          .append(i == 0 ? "" : ",")
          .append(
              """
              {"name": "%s", "type": "alerting", "health": "%s", "lastError": "%s",
               "state": "%s"}
              """
                  .formatted(
                      name,
                      broken ? "err" : "ok",
                      broken ? "many-to-many matching not allowed" : "",
                      name.equals("ServiceDown") ? "firing" : "inactive"));
    }
    return """
        {"status": "success", "data": {"groups": [
          {"name": "%s", "file": "/etc/prometheus/rules/x.yaml", "rules": [%s]},
          {"name": "other", "file": "y", "rules": [{"name": "X", "health": "err", "state": "firing"}]}
        ]}}
        """
        .formatted(PrometheusRuleModel.groupName(cr), rules);
  }

  /** The snapshot of a poll for cr alone, read as the poller streams the answers. */
  private static PrometheusSnapshot snapshot(
      CausalGymMonitoring cr, String targets, String rules, Optional<String> version)
      throws IOException {
    return snapshot(
        cr, targets, rules, "{\"status\": \"success\", \"data\": {\"result\": []}}", version);
  }

  /** The same, with the answer of the objectives' instant query. */
  private static PrometheusSnapshot snapshot(
      CausalGymMonitoring cr, String targets, String rules, String slos, Optional<String> version)
      throws IOException {
    Set<PrometheusSnapshot.Job> jobs = Set.of(PrometheusSnapshot.Job.of(cr));
    Set<String> groups = Set.of(PrometheusRuleModel.groupName(cr));
    try (JsonParser t = JSON.createParser(targets);
        JsonParser r = JSON.createParser(rules);
        JsonParser q = JSON.createParser(slos)) {
      return PrometheusSnapshot.answered(
          jobs,
          groups,
          PrometheusAnswers.targets(t, jobs),
          PrometheusAnswers.rules(r, groups),
          PrometheusAnswers.slos(q, jobs),
          version);
    }
  }

  private static CausalGymMonitoring withObjectives() {
    CausalGymMonitoring cr = resource();
    CausalGymMonitoring slos = Repository.resource(Repository.samples().resolve("slos.yaml"));
    cr.getSpec().slos = slos.getSpec().slos;
    return SpecValidator.check(cr).admitted();
  }

  /** An instant query's answer holding these series. */
  private static String sloAnswer(String... series) {
    return "{\"status\": \"success\", \"data\": {\"resultType\": \"vector\", \"result\": ["
        + String.join(",", series)
        + "]}}";
  }

  /** One series of the answer: a recording of an objective of a resource, and its value. */
  private static String series(
      String recording, String slo, String resource, String namespace, String value) {
    return """
        {"metric": {"__name__": "%s", "slo": "%s", "causal_gym_monitoring": "%s",
                    "namespace": "%s"}, "value": [1733500000.123, "%s"]}
        """
        .formatted(recording, slo, resource, namespace, value);
  }

  /** A series of the resource of {@link #resource()}. */
  private static String own(String recording, String slo, String value) {
    return series(recording, slo, "gym-r", "lab-r", value);
  }

  @Test
  void theObjectivesShowTheirBudgetAndBurnRateAndTheConditionNamesASpentOne() throws IOException {
    CausalGymMonitoring cr = withObjectives();
    GymPlan plan = GymPlan.of(cr, ServedKinds.prometheusOperatorOnly());
    String budget = SloRules.BUDGET_REMAINING;
    String burn = SloRules.BURN_RATE_1H;
    String answer =
        sloAnswer(
            own(budget, "experiments-available", "0.93349"),
            own(burn, "experiments-available", "0.404"),
            own(budget, "fast-responses", "-0.25"),
            own(burn, "fast-responses", "+Inf"),
            own(budget, "scraped", "NaN"),
            // A namesake in another namespace, and another resource: not this one's.
            series(budget, "experiments-available", "gym-r", "elsewhere", "0.1"),
            series(budget, "scraped", "gym-s", "lab-r", "0.5"));
    PrometheusSnapshot.View view =
        snapshot(
                cr,
                targets("up", ""),
                rules(cr, PrometheusRuleModel.rules(cr).size(), null),
                answer,
                Optional.of("3.5.0"))
            .view(cr);

    ObservedStatus observed = ObservedReport.of(plan, Optional.of(view)).observed();

    assertThat(observed.slos)
        .extracting(s -> s.name, s -> s.errorBudgetRemaining, s -> s.burnRate1h)
        .containsExactly(
            tuple("experiments-available", 93.3, 0.4),
            tuple("fast-responses", -25.0, null),
            tuple("scraped", null, null));
    ConditionVerdict<ErrorBudgetReason> verdict =
        SloReport.of(plan, Optional.of(view)).orElseThrow();
    assertThat(verdict.status()).isEqualTo("False");
    assertThat(verdict.reason()).isEqualTo(ErrorBudgetReason.BudgetExhausted);
    assertThat(verdict.message())
        .isEqualTo("fast-responses has -25% of its error budget left over 28d");
  }

  /** The ErrorBudget verdict of a poll whose targets are up and rules loaded. */
  private static ConditionVerdict<ErrorBudgetReason> budgetVerdict(
      GymPlan plan, CausalGymMonitoring cr, String rules, String sloAnswer) throws IOException {
    PrometheusSnapshot.View view =
        snapshot(cr, targets("up", ""), rules, sloAnswer, Optional.empty()).view(cr);
    return SloReport.of(plan, Optional.of(view)).orElseThrow();
  }

  @Test
  void theConditionIsUnknownUntilEveryObjectiveHasAValueAndTrueThen() throws IOException {
    CausalGymMonitoring cr = withObjectives();
    GymPlan plan = GymPlan.of(cr, ServedKinds.prometheusOperatorOnly());
    String budget = SloRules.BUDGET_REMAINING;
    String rules = rules(cr, PrometheusRuleModel.rules(cr).size(), null);
    String partial =
        sloAnswer(own(budget, "experiments-available", "1"), own(budget, "scraped", "0.5"));
    String whole =
        sloAnswer(
            own(budget, "experiments-available", "1"),
            own(budget, "fast-responses", "0.002"),
            own(budget, "scraped", "0.5"));

    var unread = budgetVerdict(plan, cr, rules, partial);
    var within = budgetVerdict(plan, cr, rules, whole);
    var failed =
        SloReport.of(
                plan,
                Optional.of(
                    PrometheusSnapshot.failed(
                            new PrometheusSnapshot.Failure(
                                ObservedReason.PrometheusTimeout, "slow"),
                            Optional.empty())
                        .view(cr)))
            .orElseThrow();

    assertThat(unread.reason()).isEqualTo(ErrorBudgetReason.NoBudgetData);
    assertThat(unread.status()).isEqualTo("Unknown");
    assertThat(unread.message()).startsWith("No budget value yet for fast-responses:");
    assertThat(within.reason()).isEqualTo(ErrorBudgetReason.WithinBudget);
    assertThat(within.message())
        .isEqualTo(
            "Error budget left: experiments-available 100%, fast-responses 0.2%, scraped 50%");
    assertThat(failed.reason()).isEqualTo(ErrorBudgetReason.NoBudgetData);
    assertThat(
            SloReport.of(
                GymPlan.of(resource(), ServedKinds.prometheusOperatorOnly()),
                Optional.of(
                    snapshot(resource(), targets("up", ""), rules, Optional.empty())
                        .view(resource()))))
        .isEmpty();
  }

  private static Optional<String> version(String buildinfo) throws IOException {
    try (JsonParser body = JSON.createParser(buildinfo)) {
      return PrometheusAnswers.version(body);
    } catch (PrometheusAnswers.NotAnAnswer e) {
      return Optional.empty();
    }
  }

  private static ObservedReport report(CausalGymMonitoring cr, PrometheusSnapshot snapshot) {
    return ObservedReport.of(GymPlan.of(cr, ServedKinds.nothing()), Optional.of(snapshot.view(cr)));
  }

  @Test
  void everyTargetUpAndEveryRuleLoadedIsScraped() throws Exception {
    CausalGymMonitoring cr = resource();
    int expected = PrometheusRuleModel.rules(cr).size();
    ObservedReport report =
        report(
            cr,
            snapshot(cr, targets("up", "", "up", ""), rules(cr, expected, ""), Optional.empty()));
    assertThat(report.verdict())
        .isEqualTo(
            ConditionVerdict.holds(
                ObservedReason.Scraped,
                "2 of 2 targets up, " + expected + " of " + expected + " rules loaded"));
    assertThat(report.observed().firing).containsExactly("ServiceDown");
  }

  @Test
  void eachFailureHasItsReasonInOrder() throws Exception {
    CausalGymMonitoring cr = resource();
    int expected = PrometheusRuleModel.rules(cr).size();
    assertThat(
            report(cr, snapshot(cr, targets(), rules(cr, expected, ""), Optional.empty()))
                .verdict()
                .reason())
        .isEqualTo(ObservedReason.NoTargets);
    ObservedReport down =
        report(
            cr,
            snapshot(
                cr,
                targets("up", "", "down", "connection refused"),
                rules(cr, expected, ""),
                Optional.empty()));
    assertThat(down.verdict().reason()).isEqualTo(ObservedReason.TargetsDown);
    assertThat(down.observed().lastScrapeError).isEqualTo("connection refused");
    assertThat(down.observed().targetsDown).isEqualTo(1);
    ObservedReport stale =
        report(cr, snapshot(cr, targets("up", ""), rules(cr, expected - 1, ""), Optional.empty()));
    assertThat(stale.verdict().reason()).isEqualTo(ObservedReason.RulesNotLoaded);
    assertThat(stale.verdict().message()).contains("holds another version of rule group");
    ObservedReport unhealthy =
        report(
            cr,
            snapshot(
                cr, targets("up", ""), rules(cr, expected, "HighErrorRate"), Optional.empty()));
    assertThat(unhealthy.verdict().reason()).isEqualTo(ObservedReason.RuleUnhealthy);
    assertThat(unhealthy.verdict().message()).contains("many-to-many matching not allowed");
    assertThat(unhealthy.observed().rulesUnhealthy).isEqualTo(1);
  }

  @Test
  void anErrorAnswerOrNoPollYetClaimsNothing() throws Exception {
    CausalGymMonitoring cr = resource();
    ObservedReport error =
        report(
            cr,
            PrometheusSnapshot.failed(
                new PrometheusSnapshot.Failure(
                    ObservedReason.PrometheusUnreachable, "/api/v1/targets: HTTP 503"),
                Optional.empty()));
    assertThat(error.verdict().reason()).isEqualTo(ObservedReason.PrometheusUnreachable);
    assertThat(error.verdict().message())
        .isEqualTo(
            "Cannot read the HTTP API of http://prometheus.lab-r.svc:9090: /api/v1/targets: HTTP"
                + " 503; check spec.prometheus.url and that the operator's pod may reach it");
    try (JsonParser body =
        JSON.createParser("{\"status\": \"error\", \"error\": \"overloaded\"}")) {
      assertThatThrownBy(() -> PrometheusAnswers.targets(body, Set.of()))
          .isInstanceOf(PrometheusAnswers.NotAnAnswer.class)
          .hasMessage("the API answered status error: overloaded");
    }
    assertThat(error.observed()).isNull();
    ObservedReport pending =
        ObservedReport.of(GymPlan.of(cr, ServedKinds.nothing()), Optional.empty());
    assertThat(pending.verdict().status()).isEqualTo("Unknown");
    assertThat(pending.observed()).isNull();
  }

  @Test
  void theReportedVersionIsShownAndOneOutsideTheSupportedRangeIsSaid() throws Exception {
    CausalGymMonitoring cr = resource();
    int expected = PrometheusRuleModel.rules(cr).size();
    ObservedReport current =
        report(cr, snapshot(cr, targets("up", ""), rules(cr, expected, ""), Optional.of("3.4.2")));
    assertThat(current.observed().prometheusVersion).isEqualTo("3.4.2");
    assertThat(current.verdict().message()).doesNotContain("3.4.2");
    ObservedReport old =
        report(cr, snapshot(cr, targets("up", ""), rules(cr, expected, ""), Optional.of("2.31.1")));
    assertThat(old.observed().prometheusVersion).isEqualTo("2.31.1");
    assertThat(old.verdict().reason()).isEqualTo(ObservedReason.Scraped);
    assertThat(old.verdict().message())
        .endsWith(
            "; Prometheus 2.31.1 is outside the supported Prometheus 2.42–3.5: rules are checked"
                + " for 2.42.0, the nearest supported release");
    assertThat(
            report(
                    cr,
                    snapshot(cr, targets("up", ""), rules(cr, expected, ""), Optional.of("3.9.0")))
                .verdict()
                .message())
        .contains("rules are checked for 3.5.0");
  }

  @Test
  void theVersionComesFromBuildinfosDataVersionOrNotAtAll() throws Exception {
    assertThat(
            version(
                ("{\"status\":\"success\",\"data\":{\"version\":\"2.53.1+dedupelabels\","
                    + "\"revision\":\"x\",\"goVersion\":\"go1.22\"}}")))
        .contains("2.53.1");
    assertThat(version(("{\"status\":\"success\",\"data\":{\"version\":\"v3.6.0-rc.0\"}}")))
        .contains("3.6.0");
    for (String garbage :
        List.of(
            "{\"status\":\"error\",\"data\":{\"version\":\"3.5.0\"}}",
            "{\"status\":\"success\",\"data\":{\"version\":\"main\"}}",
            "{\"status\":\"success\",\"data\":{\"version\":35}}",
            "{\"status\":\"success\"}",
            "[]")) {
      assertThat(version(garbage)).as(garbage).isEmpty();
    }
  }

  @Test
  void equalAnswersGiveEqualViewsSoThatAPollChangingNothingReconcilesNothing() throws Exception {
    CausalGymMonitoring cr = resource();
    assertThat(
            snapshot(cr, targets("up", "", "down", "x"), rules(cr, 2, ""), Optional.empty())
                .view(cr))
        .isEqualTo(
            snapshot(cr, targets("up", "", "down", "x"), rules(cr, 2, ""), Optional.empty())
                .view(cr))
        .isNotEqualTo(
            snapshot(cr, targets("up", "", "up", ""), rules(cr, 2, ""), Optional.empty()).view(cr));
  }

  private static Deployment deployment(Integer replicas, Integer available, String stuck) {
    DeploymentBuilder builder =
        new DeploymentBuilder()
            .withNewSpec()
            .withReplicas(replicas)
            .endSpec()
            .withNewStatus()
            .withAvailableReplicas(available)
            .endStatus();
    if (stuck != null) {
      builder
          .editStatus()
          .addNewCondition()
          .withType("Progressing")
          .withStatus("False")
          .withReason("ProgressDeadlineExceeded")
          .withMessage(stuck)
          .endCondition()
          .endStatus();
    }
    return builder.build();
  }

  @Test
  void availableFollowsTheDeploymentsReplicasAndConditions() {
    assertThat(AvailabilityReport.of(Optional.empty()).status()).isEqualTo("Unknown");
    assertThat(AvailabilityReport.of(Optional.of(deployment(3, 3, null))))
        .isEqualTo(
            ConditionVerdict.holds(AvailableReason.ReplicasAvailable, "3 of 3 replicas available"));
    assertThat(AvailabilityReport.of(Optional.of(deployment(3, null, null))).reason())
        .isEqualTo(AvailableReason.ReplicasUnavailable);
    assertThat(AvailabilityReport.of(Optional.of(deployment(0, 0, null))).reason())
        .isEqualTo(AvailableReason.ScaledToZero);
    ConditionVerdict<AvailableReason> stuck =
        AvailabilityReport.of(Optional.of(deployment(2, 1, "ReplicaSet gym-1 has timed out")));
    assertThat(stuck.reason()).isEqualTo(AvailableReason.ProgressDeadlineExceeded);
    assertThat(stuck.message()).contains("1 of 2 replicas available").contains("timed out");
  }

  @Test
  void stackReadyNamesAReasonNoConditionIsNamed() {
    CausalGymMonitoring cr =
        SpecValidator.check(Repository.resource(Repository.samples().resolve("managed-stack.yaml")))
            .admitted();
    String name = cr.getMetadata().getName();
    Map<String, HasMetadata> workloads = new HashMap<>();
    workloads.put(
        name + "-prometheus",
        new StatefulSetBuilder()
            .withNewSpec()
            .withReplicas(1)
            .endSpec()
            .withNewStatus()
            .withAvailableReplicas(1)
            .endStatus()
            .build());
    workloads.put(name + "-alertmanager", deployment(1, 1, null));
    assertThat(StackReport.of(GymPlan.of(cr, ServedKinds.nothing()), workloads))
        .isEqualTo(
            ConditionVerdict.fails(
                StackReadyReason.Unavailable,
                "prometheus 1/1 available, alertmanager 1/1 available, grafana not created"));
    workloads.put(name + "-grafana", deployment(1, 1, null));
    assertThat(StackReport.of(GymPlan.of(cr, ServedKinds.nothing()), workloads))
        .isEqualTo(
            ConditionVerdict.holds(
                StackReadyReason.StackAvailable,
                "prometheus 1/1 available, alertmanager 1/1 available, grafana 1/1 available"));
    assertThat(StackReadyReason.StackAvailable.name()).isEqualTo("StackAvailable");
  }
}
