package org.causalgym.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Alertmanager;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * Selected, with the prometheus-operator's semantics, against Prometheus and Alertmanager resources
 * shaped like kube-prometheus-stack's and like the edge cases of its selectors.
 */
class SelectionReportTest {

  private static final String NS = "lab-sel";

  private final List<Prometheus> prometheuses = new ArrayList<>();
  private final List<Alertmanager> alertmanagers = new ArrayList<>();
  private final Map<String, Map<String, String>> namespaces = new HashMap<>();

  private final SelectionReport.Cluster cluster =
      new SelectionReport.Cluster() {
        @Override
        public List<Prometheus> prometheuses() {
          return prometheuses;
        }

        @Override
        public List<Alertmanager> alertmanagers() {
          return alertmanagers;
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
          return namespaces.getOrDefault(namespace, Map.of());
        }

        @Override
        public Optional<String> unreadable() {
          return Optional.ofNullable(unreadable);
        }
      };

  private String unreadable;

  private static CausalGymMonitoring resource(Map<String, String> selectorLabels) {
    CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
    cr.getMetadata().setName("gym-sel");
    cr.getMetadata().setNamespace(NS);
    cr.getSpec().prometheus.selectorLabels.putAll(selectorLabels);
    return cr;
  }

  private static LabelSelector labels(String... keyValues) {
    LabelSelectorBuilder selector = new LabelSelectorBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      selector.addToMatchLabels(keyValues[i], keyValues[i + 1]);
    }
    return selector.build();
  }

  /** A Prometheus as kube-prometheus-stack makes it: release label, every namespace. */
  private static Prometheus kubePrometheusStack(String namespace, String name, String release) {
    return new PrometheusBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withServiceMonitorSelector(labels("release", release))
        .withServiceMonitorNamespaceSelector(new LabelSelector())
        .withRuleSelector(labels("release", release))
        .withRuleNamespaceSelector(new LabelSelector())
        .endSpec()
        .build();
  }

  private static Alertmanager alertmanager(
      String namespace, LabelSelector selector, LabelSelector namespaces, String strategy) {
    return new AlertmanagerBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName("main")
        .endMetadata()
        .withNewSpec()
        .withAlertmanagerConfigSelector(selector)
        .withAlertmanagerConfigNamespaceSelector(namespaces)
        .withNewAlertmanagerConfigMatcherStrategy()
        .withType(strategy)
        .endAlertmanagerConfigMatcherStrategy()
        .endSpec()
        .build();
  }

  @Test
  void kubePrometheusStacksReleaseLabelIsNamedUntilTheSpecCarriesIt() {
    prometheuses.add(kubePrometheusStack("monitoring", "kps", "kps"));

    ConditionVerdict without = SelectionReport.of(resource(Map.of()), cluster, false);
    assertThat(without.status()).isEqualTo("False");
    assertThat(without.reason()).isEqualTo(SelectedReason.NotSelected);
    assertThat(without.message())
        .contains(
            "Prometheus monitoring/kps selects ServiceMonitors labelled release=kps; add it to"
                + " spec.prometheus.selectorLabels")
        .contains("PrometheusRule is selected by no Prometheus");

    ConditionVerdict with = SelectionReport.of(resource(Map.of("release", "kps")), cluster, false);
    assertThat(with.status()).isEqualTo("True");
    assertThat(with.reason()).isEqualTo(SelectedReason.Selected);
    assertThat(with.message())
        .contains("ServiceMonitor selected by Prometheus monitoring/kps")
        .contains("PrometheusRule selected by Prometheus monitoring/kps");
  }

  @Test
  void aNullSelectorSelectsNothingAndAnEmptyOneEverything() {
    Prometheus nil = kubePrometheusStack("monitoring", "nil", "x");
    nil.getSpec().setServiceMonitorSelector(null);
    nil.getSpec().setRuleSelector(null);
    prometheuses.add(nil);
    ConditionVerdict none = SelectionReport.of(resource(Map.of()), cluster, false);
    assertThat(none.status()).isEqualTo("False");
    assertThat(none.message())
        .contains(
            "Prometheus monitoring/nil selects no ServiceMonitors (serviceMonitorSelector unset)")
        .contains("selects no PrometheusRules (ruleSelector unset)");

    nil.getSpec().setServiceMonitorSelector(new LabelSelector());
    nil.getSpec().setRuleSelector(new LabelSelector());
    assertThat(SelectionReport.of(resource(Map.of()), cluster, false).status()).isEqualTo("True");
  }

  @Test
  void matchExpressionsAreEvaluatedAndNamedWhenUnmet() {
    Prometheus p = kubePrometheusStack("monitoring", "expr", "x");
    LabelSelector expressions =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("team")
            .withOperator("In")
            .withValues("research", "lab")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("canary")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("Exists")
            .endMatchExpression()
            .build();
    p.getSpec().setServiceMonitorSelector(expressions);
    p.getSpec().setRuleSelector(expressions);
    prometheuses.add(p);

    assertThat(SelectionReport.of(resource(Map.of("team", "ops")), cluster, false).message())
        .contains("labelled team in (research, lab), tier (any value)");
    assertThat(
            SelectionReport.of(resource(Map.of("team", "lab", "tier", "1")), cluster, false)
                .status())
        .isEqualTo("True");
    assertThat(
            SelectionReport.of(
                    resource(Map.of("team", "lab", "tier", "1", "canary", "y")), cluster, false)
                .message())
        .contains("without canary");
  }

  @Test
  void namespaceSelectorsDecideWhichNamespacesAreLookedIn() {
    Prometheus own = kubePrometheusStack("monitoring", "own", "kps");
    own.getSpec().setServiceMonitorNamespaceSelector(null);
    own.getSpec().setRuleNamespaceSelector(null);
    prometheuses.add(own);
    assertThat(SelectionReport.of(resource(Map.of("release", "kps")), cluster, false).message())
        .contains(
            "Prometheus monitoring/own looks for ServiceMonitors only in its own namespace"
                + " monitoring (serviceMonitorNamespaceSelector unset)");

    own.getSpec().setServiceMonitorNamespaceSelector(labels("monitored", "true"));
    own.getSpec().setRuleNamespaceSelector(labels("monitored", "true"));
    assertThat(SelectionReport.of(resource(Map.of("release", "kps")), cluster, false).message())
        .contains(
            "looks for ServiceMonitors in namespaces labelled monitored=true; label namespace "
                + NS
                + " so");

    namespaces.put(NS, Map.of("monitored", "true"));
    assertThat(SelectionReport.of(resource(Map.of("release", "kps")), cluster, false).status())
        .isEqualTo("True");
  }

  @Test
  void aNullNamespaceSelectorSelectsTheResourcesOwnNamespace() {
    Prometheus local = kubePrometheusStack(NS, "local", "kps");
    local.getSpec().setServiceMonitorNamespaceSelector(null);
    local.getSpec().setRuleNamespaceSelector(null);
    prometheuses.add(local);
    assertThat(SelectionReport.of(resource(Map.of("release", "kps")), cluster, false).status())
        .isEqualTo("True");
  }

  @Test
  void withTwoPrometheusesOneSelectingIsEnoughAndBothAreNamed() {
    prometheuses.add(kubePrometheusStack("monitoring", "a", "a"));
    prometheuses.add(kubePrometheusStack("monitoring", "b", "b"));
    ConditionVerdict none = SelectionReport.of(resource(Map.of()), cluster, false);
    assertThat(none.message())
        .contains("Prometheus monitoring/a selects ServiceMonitors labelled release=a")
        .contains("Prometheus monitoring/b selects ServiceMonitors labelled release=b");

    ConditionVerdict b = SelectionReport.of(resource(Map.of("release", "b")), cluster, false);
    assertThat(b.status()).isEqualTo("True");
    assertThat(b.message()).contains("selected by Prometheus monitoring/b").doesNotContain("/a");
  }

  @Test
  void resourcesThatCannotBeReadAreNotTakenForAbsentOnes() {
    unreadable = "Forbidden";
    ConditionVerdict verdict = SelectionReport.of(resource(Map.of()), cluster, true);
    assertThat(verdict.status()).isEqualTo("Unknown");
    assertThat(verdict.reason()).isEqualTo(SelectedReason.CannotRead);
    assertThat(verdict.message()).contains("Forbidden");
  }

  @Test
  void noPrometheusAtAllIsSaid() {
    ConditionVerdict verdict = SelectionReport.of(resource(Map.of()), cluster, true);
    assertThat(verdict.status()).isEqualTo("False");
    assertThat(verdict.reason()).isEqualTo(SelectedReason.NoPrometheus);
  }

  @Test
  void anAlertmanagerSelectsTheAlertmanagerConfigUnderEachMatcherStrategy() {
    prometheuses.add(kubePrometheusStack("monitoring", "kps", "kps"));
    CausalGymMonitoring cr = resource(Map.of("release", "kps"));

    assertThat(SelectionReport.of(cr, cluster, true).message())
        .contains("AlertmanagerConfig: no Alertmanager resource exists");

    alertmanagers.add(alertmanager("monitoring", null, new LabelSelector(), "OnNamespace"));
    assertThat(SelectionReport.of(cr, cluster, true).message())
        .contains(
            "Alertmanager monitoring/main selects no AlertmanagerConfigs"
                + " (alertmanagerConfigSelector unset)");

    alertmanagers.set(
        0,
        alertmanager("monitoring", labels("release", "kps"), new LabelSelector(), "OnNamespace"));
    ConditionVerdict onNamespace = SelectionReport.of(cr, cluster, true);
    assertThat(onNamespace.status()).isEqualTo("True");
    assertThat(onNamespace.message())
        .contains(
            "AlertmanagerConfig selected by Alertmanager monitoring/main (matcher strategy"
                + " OnNamespace: routes alerts labelled namespace="
                + NS
                + ")");

    alertmanagers.set(
        0, alertmanager("monitoring", labels("release", "kps"), new LabelSelector(), "None"));
    assertThat(SelectionReport.of(cr, cluster, true).message())
        .contains("matcher strategy None: no namespace matcher");

    alertmanagers.set(
        0,
        alertmanager(
            NS,
            labels("release", "kps"),
            new LabelSelector(),
            "OnNamespaceExceptForAlertmanagerNamespace"));
    assertThat(SelectionReport.of(cr, cluster, true).message())
        .contains("OnNamespaceExceptForAlertmanagerNamespace: no namespace matcher");
    alertmanagers.set(
        0,
        alertmanager(
            "monitoring",
            labels("release", "kps"),
            new LabelSelector(),
            "OnNamespaceExceptForAlertmanagerNamespace"));
    assertThat(SelectionReport.of(cr, cluster, true).message())
        .contains("OnNamespaceExceptForAlertmanagerNamespace: routes alerts labelled namespace=");

    alertmanagers.set(0, alertmanager("monitoring", labels("release", "kps"), null, "OnNamespace"));
    assertThat(SelectionReport.of(cr, cluster, true).message())
        .contains(
            "Alertmanager monitoring/main looks for AlertmanagerConfigs only in its own namespace"
                + " monitoring (alertmanagerConfigNamespaceSelector unset)");
    assertThat(SelectionReport.of(cr, cluster, false).status())
        .as("an AlertmanagerConfig that is not wanted needs no Alertmanager")
        .isEqualTo("True");
  }
}
