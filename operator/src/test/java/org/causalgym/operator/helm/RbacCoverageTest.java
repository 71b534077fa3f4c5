package org.causalgym.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.CausalGymMonitoringSpec;
import org.causalgym.operator.api.EmailReceiverSpec;
import org.causalgym.operator.api.Labels;
import org.causalgym.operator.api.ReceiverSpec;
import org.causalgym.operator.api.SecretKeyRef;
import org.causalgym.operator.api.StackMode;
import org.causalgym.operator.desired.ServedKinds;
import org.causalgym.operator.desired.StackPrometheusModel;
import org.causalgym.operator.reconciler.CausalGymOperator;
import org.causalgym.operator.runtime.OperatorOptions;
import org.causalgym.operator.status.StatusReport;
import org.causalgym.operator.testing.ClusterCrds;
import org.causalgym.operator.testing.LeaseRights;
import org.causalgym.operator.testing.Repository;
import org.causalgym.operator.testing.SecretValues;
import org.causalgym.operator.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC grants every verb on every resource the operator's code uses, and nothing
 * beyond: the operator runs through every path that writes (create, change, drift, switch off,
 * leader election) against the mock API, and each request its own client made is checked.
 */
class RbacCoverageTest {

  private static final java.util.regex.Pattern OWNED_COLLECTION =
      java.util.regex.Pattern.compile(
          ".*/(deployments|statefulsets|services|serviceaccounts|roles|rolebindings"
              + "|servicemonitors|prometheusrules|alertmanagerconfigs|grafanadashboards|secrets"
              + "|configmaps)(\\?.*)?");

  /** List or watch of one CRD by a metadata.name field selector. */
  private static final java.util.regex.Pattern WATCHED_CRD_REQUEST =
      java.util.regex.Pattern.compile(
          ".*/customresourcedefinitions\\?.*fieldSelector=metadata\\.name%3D("
              + ServedKinds.WATCHED.stream()
                  .map(k -> java.util.regex.Pattern.quote(k.crd()))
                  .collect(java.util.stream.Collectors.joining("|"))
              + ")(&.*)?");

  private static final String USER_AGENT = "causal-gym-operator-under-rbac-test";
  private static final String NS = "lab-rbac";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TestCluster cluster = TestCluster.startPlain();
  private final KubernetesClient client = cluster.client();

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theRenderedRbacGrantsExactlyWhatTheOperatorUses() throws Exception {
    Set<String> used = new TreeSet<>();
    used.addAll(withPrometheusOperatorAndLeaderElection());
    used.addAll(withoutPrometheusOperator());
    // Never sent: held so that the operator may grant them to the managed Prometheus' Role.
    for (PolicyRule rule : StackPrometheusModel.discoveryRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            used.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    // Never sent (the Lease lock renews with patch), but JOSDK's start-up check requires it.
    used.add("coordination.k8s.io/leases:update");
    // The CA ConfigMap that spec.prometheus.ca references, read by PrometheusCredentials (the
    // scenarios here set no CA)
    // (Secrets are already read by get for the receivers' keys).
    used.add("/configmaps:get");

    Set<String> granted = granted(HelmChart.render(Map.of()));

    assertThat(granted)
        .as("granted by the chart")
        .doesNotContain("*")
        .allSatisfy(g -> assertThat(g).doesNotContain("*"));
    assertThat(granted).as("every request the operator made is allowed").containsAll(used);
    assertThat(used).as("nothing is granted that the operator does not use").containsAll(granted);
    assertThat(
            HelmChart.render(Map.of()).stream()
                .filter(o -> o.path("kind").asText().equals("ClusterRole"))
                .flatMap(
                    o ->
                        java.util.stream.StreamSupport.stream(o.path("rules").spliterator(), false))
                .filter(r -> r.path("resources").toString().contains("customresourcedefinitions"))
                .flatMap(
                    r ->
                        java.util.stream.StreamSupport.stream(
                            r.path("resourceNames").spliterator(), false))
                .map(JsonNode::asText))
        .as("the CRDs the chart lets the operator read are exactly the watched ones")
        .containsExactlyInAnyOrderElementsOf(
            ServedKinds.WATCHED.stream().map(ServedKinds.ApiKind::crd).toList());
  }

  private Set<String> withPrometheusOperatorAndLeaderElection() throws Exception {
    cluster.withOurCrds().withPrometheusOperator().withGrafanaOperator();
    LeaseRights.grant(cluster.server());
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("smtp")
                .withNamespace(NS)
                .endMetadata()
                .addToStringData("password", SecretValues.distinct("rbac-smtp"))
                .build())
        .create();
    return permissions(
        run(
            new OperatorOptions(Set.of(), "ops", reason -> {}),
            cr -> {
              ReceiverSpec mail = new ReceiverSpec();
              mail.name = "mail";
              mail.email = new EmailReceiverSpec();
              mail.email.to = "a@lab.example";
              mail.email.from = "b@lab.example";
              mail.email.smarthost = "m.lab.example:25";
              mail.email.authPassword = new SecretKeyRef("smtp", "password");
              cr.getSpec().alertmanager.receivers.add(mail);
            },
            "Reconciled",
            // The managed stack replaces the prometheus-operator's objects, is damaged by hand and
            // put back, is edited, and goes again.
            () ->
                edit(
                    spec -> {
                      spec.stack.mode = StackMode.managed;
                      spec.stack.prometheus.storage.size = "2Gi";
                    }),
            () -> {
              String name = "gym-prometheus";
              // A label the operator owns, changed by hand (labels others add are kept).
              Map<String, String> hand = Map.of(Labels.PART_OF, "by-hand");
              client.serviceAccounts().inNamespace(NS).withName(name).edit(o -> label(o, hand));
              client.rbac().roles().inNamespace(NS).withName(name).edit(o -> label(o, hand));
              client.rbac().roleBindings().inNamespace(NS).withName(name).edit(o -> label(o, hand));
              await()
                  .atMost(TIMEOUT)
                  .until(
                      () ->
                          client
                              .rbac()
                              .roles()
                              .inNamespace(NS)
                              .withName(name)
                              .get()
                              .getMetadata()
                              .getLabels()
                              .get(Labels.PART_OF)
                              .equals("causal-gym"));
            },
            () -> edit(spec -> spec.stack.prometheus.retention = "30d"),
            // The StatefulSet controller's claim, then a larger size: the claim is read and
            // patched.
            () -> {
              client
                  .persistentVolumeClaims()
                  .inNamespace(NS)
                  .resource(
                      new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                          .withNewMetadata()
                          .withName("data-gym-prometheus-0")
                          .endMetadata()
                          .withNewSpec()
                          .withAccessModes("ReadWriteOnce")
                          .withNewResources()
                          .addToRequests(
                              "storage", new io.fabric8.kubernetes.api.model.Quantity("2Gi"))
                          .endResources()
                          .endSpec()
                          .build())
                  .create();
              edit(spec -> spec.stack.prometheus.storage.size = "3Gi");
              await()
                  .atMost(TIMEOUT)
                  .until(
                      () ->
                          "3Gi"
                              .equals(
                                  client
                                      .persistentVolumeClaims()
                                      .inNamespace(NS)
                                      .withName("data-gym-prometheus-0")
                                      .get()
                                      .getSpec()
                                      .getResources()
                                      .getRequests()
                                      .get("storage")
                                      .toString()));
            },
            () -> edit(spec -> spec.stack.mode = StackMode.external)));
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T label(
      T object, Map<String, String> labels) {
    object.getMetadata().getLabels().putAll(labels);
    return object;
  }

  private Set<String> withoutPrometheusOperator() throws Exception {
    cluster.server().reset();
    ClusterCrds.installOurs(client);
    return permissions(run(OperatorOptions.defaults(), cr -> {}, "PrometheusOperatorMissing"));
  }

  /** Creates, changes, damages and switches off one resource; the operator's requests. */
  private List<Request> run(
      OperatorOptions options,
      Consumer<CausalGymMonitoring> setUp,
      String settledReason,
      Runnable... lastSteps)
      throws Exception {
    KubernetesClient operatorClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration()).withUserAgent(USER_AGENT).build())
            .build();
    Operator operator =
        CausalGymOperator.create(
            operatorClient, options, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    try {
      operator.start();
      CausalGymMonitoring cr = Repository.resource(Repository.samples().resolve("minimal.yaml"));
      cr.getMetadata().setNamespace(NS);
      setUp.accept(cr);
      client.resource(cr).create();
      awaitReason(settledReason);

      edit(
          spec -> {
            spec.app.image = "registry.example.org/gym:2";
            spec.app.port = 7100;
            spec.metrics.scrapeInterval = "30s";
            spec.alerts.highErrorRate.threshold = 0.3;
            spec.alertmanager.route.repeatInterval = "2h";
            spec.dashboards.folder = "Other";
          });
      awaitObservedGeneration();
      client.services().inNamespace(NS).withName("gym").delete();
      await()
          .atMost(TIMEOUT)
          .until(() -> client.services().inNamespace(NS).withName("gym").get() != null);
      edit(
          spec -> {
            spec.dashboards.enabled = false;
            spec.alertmanager.enabled = false;
          });
      awaitObservedGeneration();
      await()
          .atMost(TIMEOUT)
          .until(
              () -> client.configMaps().inNamespace(NS).withName("gym-dashboards").get() == null);
      for (Runnable step : lastSteps) {
        step.run();
        awaitObservedGeneration();
      }
      edit(spec -> spec.app.port = spec.app.metricsPort);
      awaitReason("InvalidSpec");
    } finally {
      operator.stop();
      operatorClient.close();
    }
    List<Request> used = new ArrayList<>();
    int count = cluster.server().getRequestCount();
    for (int i = 0; i < count; i++) {
      RecordedRequest request = cluster.server().takeRequest(1, TimeUnit.SECONDS);
      if (request != null && USER_AGENT.equals(request.getHeader("User-Agent"))) {
        used.add(new Request(request.getMethod(), request.getPath()));
        if (request.getPath().contains("/customresourcedefinitions")) {
          assertThat(WATCHED_CRD_REQUEST.matcher(request.getPath()).matches())
              .as(
                  "a CRD is only read by name, as the chart's resourceNames allow: %s",
                  request.getPath())
              .isTrue();
        }
        // Informers of owned kinds list and watch only what the operator manages.
        if (request.getMethod().equals("GET")
            && OWNED_COLLECTION.matcher(request.getPath()).matches()) {
          assertThat(request.getPath())
              .as("an informer of an owned kind selects the managed objects only")
              .contains("labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcausal-gym-operator");
        }
      }
    }
    return used;
  }

  private static Set<String> permissions(List<Request> requests) {
    return requests.stream()
        .map(r -> permission(r.method(), r.path()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * With watchNamespaces the chart grants by Role in each watched namespace, and cluster-wide only
   * what cannot be had there: every request is allowed in its own scope (a Role of its namespace,
   * or a ClusterRole, with the resourceNames a rule names), and every ClusterRole rule is needed by
   * a request outside the watched namespaces.
   */
  @Test
  void withWatchNamespacesOnlyWhatCannotBeNamespacedIsGrantedClusterWide() throws Exception {
    cluster.withOurCrds().withPrometheusOperator().withGrafanaOperator();
    List<Request> requests =
        run(new OperatorOptions(Set.of(NS), null, reason -> {}), cr -> {}, "Reconciled");
    List<JsonNode> objects =
        HelmChart.render(Map.of("watchNamespaces[0]", NS, "leaderElection.enabled", false));

    assertThat(requests)
        .as("every request is allowed by a Role of its namespace or a ClusterRole")
        .allSatisfy(
            r -> assertThat(allowedBy(objects, r)).as("%s %s", r.method(), r.path()).isNotEmpty());
    assertThat(requests)
        .as("namespaces are read by name: the watched one only")
        .filteredOn(r -> permission(r.method(), r.path()).startsWith("/namespaces:"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.name()).isEqualTo(NS));
    Set<String> clusterWide =
        requests.stream()
            .filter(r -> r.namespace() == null)
            .map(r -> permission(r.method(), r.path()))
            .collect(Collectors.toSet());
    assertThat(granted(HelmChart.ofKind(objects, "ClusterRole")))
        .as("granted cluster-wide although a namespaced Role would do")
        .isSubsetOf(clusterWide);
    for (JsonNode rule : HelmChart.ofKind(objects, "ClusterRole").get(0).path("rules")) {
      Set<String> ruleGrants = granted(List.of(wrap(rule)));
      List<Request> byRule =
          requests.stream()
              .filter(r -> ruleGrants.contains(permission(r.method(), r.path())))
              .toList();
      if (!byRule.isEmpty() && byRule.stream().allMatch(r -> r.name() != null)) {
        assertThat(rule.path("resourceNames"))
            .as("a rule whose objects are only ever read by name names them: %s", rule)
            .extracting(JsonNode::asText)
            .containsExactlyInAnyOrderElementsOf(
                byRule.stream().map(Request::name).collect(Collectors.toSet()));
      }
    }
  }

  /** One request the operator's client made. */
  record Request(String method, String path) {

    /** The namespace of a namespaced request; null for a cluster-scoped or all-namespace one. */
    String namespace() {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("/namespaces/([^/?]+)/[^?]").matcher(path);
      return m.find() ? m.group(1) : null;
    }

    /** The object's name, from the path or a metadata.name field selector; null for neither. */
    String name() {
      java.util.regex.Matcher selector =
          java.util.regex.Pattern.compile("fieldSelector=metadata\\.name%3D([^&]+)").matcher(path);
      if (selector.find()) {
        return selector.group(1);
      }
      String[] parts = path.split("\\?", 2)[0].split("/");
      String permission = permission(method, path);
      return permission.endsWith(":list")
              || permission.endsWith(":watch")
              || permission.endsWith(":create")
          ? null
          : parts[parts.length - 1 - (permission.contains("/status:") ? 1 : 0)];
    }
  }

  /** The names of the rendered Roles and ClusterRoles whose rules allow the request. */
  private static List<String> allowedBy(List<JsonNode> objects, Request request) {
    String permission = permission(request.method(), request.path());
    List<String> roles = new ArrayList<>();
    for (JsonNode role : objects) {
      String kind = role.path("kind").asText();
      boolean applies =
          kind.equals("ClusterRole")
              || (kind.equals("Role")
                  && role.at("/metadata/namespace").asText().equals(request.namespace()));
      for (JsonNode rule : role.path("rules")) {
        JsonNode names = rule.path("resourceNames");
        boolean named =
            names.isMissingNode()
                || java.util.stream.StreamSupport.stream(names.spliterator(), false)
                    .anyMatch(n -> n.asText().equals(request.name()));
        if (applies && named && granted(List.of(wrap(rule))).contains(permission)) {
          roles.add(kind + " " + role.at("/metadata/name").asText());
        }
      }
    }
    return roles;
  }

  private static JsonNode wrap(JsonNode rule) {
    com.fasterxml.jackson.databind.node.ObjectNode role =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    role.put("kind", "Role");
    role.putArray("rules").add(rule);
    return role;
  }

  private void edit(Consumer<CausalGymMonitoringSpec> change) {
    client
        .resources(CausalGymMonitoring.class)
        .inNamespace(NS)
        .withName("gym")
        .edit(
            cr -> {
              change.accept(cr.getSpec());
              return cr;
            });
  }

  private CausalGymMonitoring current() {
    return client.resources(CausalGymMonitoring.class).inNamespace(NS).withName("gym").get();
  }

  private void awaitReason(String reason) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                current().getStatus() != null
                    && reason.equals(StatusReport.ready(current().getStatus()).getReason()));
  }

  private void awaitObservedGeneration() {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                current()
                    .getMetadata()
                    .getGeneration()
                    .equals(current().getStatus().observedGeneration));
  }

  /** group/resource:verb of one API request, as RBAC names it. */
  static String permission(String method, String pathAndQuery) {
    String path = pathAndQuery.split("\\?", 2)[0];
    String query = pathAndQuery.contains("?") ? pathAndQuery.split("\\?", 2)[1] : "";
    String[] parts = path.substring(1).split("/");
    int i;
    String group;
    if (parts[0].equals("api")) {
      group = "";
      i = 2;
    } else {
      group = parts[1];
      i = 3;
    }
    if (parts.length > i + 1 && parts[i].equals("namespaces") && parts.length > i + 2) {
      i += 2;
    }
    String resource = parts[i];
    boolean named = parts.length > i + 1;
    if (parts.length > i + 2) {
      resource += "/" + parts[i + 2];
    }
    String verb =
        switch (method) {
          case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase();
        };
    return group + "/" + resource + ":" + verb;
  }

  /** group/resource:verb of every rule of every Role and ClusterRole the chart binds. */
  static Set<String> granted(java.util.List<JsonNode> objects) {
    Set<String> granted = new TreeSet<>();
    for (JsonNode role : objects) {
      String kind = role.path("kind").asText();
      if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
        continue;
      }
      for (JsonNode rule : role.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            for (JsonNode verb : rule.path("verbs")) {
              granted.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
            }
          }
        }
      }
    }
    return granted;
  }
}
