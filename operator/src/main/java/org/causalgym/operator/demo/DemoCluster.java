package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.openshift.api.model.monitoring.v1.Alertmanager;
import io.fabric8.openshift.api.model.monitoring.v1.AlertmanagerBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Prometheus;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.runtime.SecretSafeLogging;

/**
 * An in-process Kubernetes API on loopback: the Fabric8 mock server in CRUD mode, with the CRDs
 * installed and the discovery documents kubectl asks for, behind a front that streams watches over
 * HTTP as kubectl reads them ({@link ApiFront}).
 */
public final class DemoCluster implements AutoCloseable {

  /** Where the simulated kube-prometheus-stack release lives. */
  public static final String KUBE_PROMETHEUS_STACK_NAMESPACE = "monitoring";

  private static final List<String> VERBS =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");

  /**
   * The mock server logs a line per request through java.util.logging; kept here so the level set
   * on it is not lost to garbage collection.
   */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final OpenApiDocuments openApi = new OpenApiDocuments();
  private final ApiFront front;
  private final KubernetesClient client;

  /** Group and version of every API group recorded for discovery, in order. */
  private final List<String[]> groupVersions = new ArrayList<>();

  /**
   * Starts the API on 127.0.0.1:port (0 picks a free port) and installs the CRDs. The mock server
   * listens on a free loopback port of its own: users reach it through the front on port, the
   * operator's client (client()) directly, as it watches over WebSocket, which the mock serves.
   */
  public DemoCluster(int port) {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    // Below INFO the mock server prints every stored object it answers with, Secrets included;
    // here too for the tests and embedders that start the API without DemoMain.
    SecretSafeLogging.install();
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    ApiServerDispatcher store = new ApiServerDispatcher(openApi);
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new RecordedFirst(responses, store),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try {
      front = new ApiFront(port, server.getPort(), tablesFor(store));
    } catch (RuntimeException e) {
      server.destroy();
      if (causedByBind(e)) {
        throw new PortTaken(PortTaken.Port.API, port);
      }
      throw e;
    }
    recordDiscovery();
    client = server.createClient();
    installCrds();
  }

  /**
   * kubectl get -w asks for Table rows, as kubectl get does: each watch event's object becomes one,
   * with the column definitions in the first.
   */
  private static WatchEventRewriter tablesFor(ApiServerDispatcher store) {
    return (accept, path, object, firstEvent) -> {
      if (!ServerSideTable.wanted(accept)) {
        return object;
      }
      try {
        return store.tables().table(path, object, firstEvent);
      } catch (ServerSideTable.Refused refused) {
        // The list kubectl reads before it watches was refused the same way, with the reason;
        // a watch only follows a list that succeeded.
        return object;
      }
    };
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  public KubernetesClient client() {
    return client;
  }

  /** How many requests the API has answered so far, those through the front counted once. */
  public int requestCount() {
    return server.getRequestCount();
  }

  /** The API's URL as users reach it, e.g. http://127.0.0.1:41234/. */
  public String url() {
    return "http://" + ApiFront.LOOPBACK + ":" + front.port() + "/";
  }

  /** Writes a kubeconfig whose current context is this API, with namespace as its default. */
  public void writeKubeconfig(Path file, String namespace) throws IOException {
    writeKubeconfig(file, url(), namespace);
  }

  /** Writes a kubeconfig whose current context is the API at url, without credentials. */
  public static void writeKubeconfig(Path file, String url, String namespace) throws IOException {
    Map<String, Object> kubeconfig = new LinkedHashMap<>();
    kubeconfig.put("apiVersion", "v1");
    kubeconfig.put("kind", "Config");
    kubeconfig.put(
        "clusters", List.of(Map.of("name", "causal-gym-demo", "cluster", Map.of("server", url))));
    kubeconfig.put("users", List.of(Map.of("name", "demo", "user", Map.of())));
    kubeconfig.put(
        "contexts",
        List.of(
            Map.of(
                "name",
                "causal-gym-demo",
                "context",
                Map.of("cluster", "causal-gym-demo", "user", "demo", "namespace", namespace))));
    kubeconfig.put("current-context", "causal-gym-demo");
    Files.writeString(file, Serialization.asYaml(kubeconfig));
  }

  @Override
  public void close() {
    client.close();
    front.close();
    server.destroy();
  }

  private void installCrds() {
    try (InputStream crd =
        DemoCluster.class.getResourceAsStream(
            "/crds/" + HasMetadata.getFullResourceName(CausalGymMonitoring.class) + "-v1.yml")) {
      if (crd == null) {
        throw new IllegalStateException("the CausalGymMonitoring CRD is not packaged in the jar");
      }
      client.resource(Serialization.unmarshal(crd, CustomResourceDefinition.class)).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Class<? extends HasMetadata> type :
        List.of(
            ServiceMonitor.class,
            PrometheusRule.class,
            AlertmanagerConfig.class,
            Prometheus.class,
            Alertmanager.class)) {
      client.resource(SchemalessCrds.of(type)).create();
    }
  }

  /**
   * The Prometheus and Alertmanager resources of a kube-prometheus-stack release in namespace
   * monitoring, with the chart's default selectors: objects labelled release=&lt;release&gt;, in
   * every namespace. Condition Selected is checked against them.
   */
  public void installKubePrometheusStack(String release) {
    LabelSelector byRelease =
        new LabelSelectorBuilder().addToMatchLabels("release", release).build();
    client
        .resource(
            new PrometheusBuilder()
                .withNewMetadata()
                .withNamespace(KUBE_PROMETHEUS_STACK_NAMESPACE)
                .withName(release)
                .endMetadata()
                .withNewSpec()
                .withServiceMonitorSelector(byRelease)
                .withServiceMonitorNamespaceSelector(new LabelSelector())
                .withRuleSelector(byRelease)
                .withRuleNamespaceSelector(new LabelSelector())
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new AlertmanagerBuilder()
                .withNewMetadata()
                .withNamespace(KUBE_PROMETHEUS_STACK_NAMESPACE)
                .withName(release)
                .endMetadata()
                .withNewSpec()
                .withAlertmanagerConfigSelector(byRelease)
                .withAlertmanagerConfigNamespaceSelector(new LabelSelector())
                .endSpec()
                .build())
        .create();
  }

  /**
   * What kubectl reads before anything else. The CRUD mock serves objects, not discovery, so the
   * answers are recorded here, for each path also with the ?timeout=32s kubectl appends.
   */
  private void recordDiscovery() {
    expect("/version", Map.of("major", "1", "minor", "32", "gitVersion", "v1.32.0-demo"));
    expect("/api", Map.of("kind", "APIVersions", "versions", List.of("v1")));
    Map<String, List<Object>> groups = new LinkedHashMap<>();
    resources(
        "",
        "v1",
        resource("services", "Service", true, "svc"),
        resource("configmaps", "ConfigMap", true, "cm"),
        resource("secrets", "Secret", true),
        resource("events", "Event", true, "ev"),
        resource("serviceaccounts", "ServiceAccount", true, "sa"),
        resource("namespaces", "Namespace", false, "ns"));
    resources(
        "apps",
        "v1",
        resource("deployments", "Deployment", true, "deploy"),
        resource("statefulsets", "StatefulSet", true, "sts"));
    resources(
        "rbac.authorization.k8s.io",
        "v1",
        resource("roles", "Role", true),
        resource("rolebindings", "RoleBinding", true));
    resources("coordination.k8s.io", "v1", resource("leases", "Lease", true));
    resources(
        "apiextensions.k8s.io",
        "v1",
        resource("customresourcedefinitions", "CustomResourceDefinition", false, "crd", "crds"));
    resources(
        "monitoring.coreos.com",
        "v1",
        resource("servicemonitors", "ServiceMonitor", true, "smon"),
        resource("prometheusrules", "PrometheusRule", true, "promrule"),
        resource("prometheuses", "Prometheus", true, "prom"),
        resource("alertmanagers", "Alertmanager", true, "am"));
    resources(
        "monitoring.coreos.com",
        "v1alpha1",
        resource("alertmanagerconfigs", "AlertmanagerConfig", true, "amcfg"));
    Map<String, Object> ours =
        resource(
            HasMetadata.getPlural(CausalGymMonitoring.class), "CausalGymMonitoring", true, "cgm");
    ours.put("singularName", HasMetadata.getSingular(CausalGymMonitoring.class));
    Map<String, Object> status =
        resource(
            HasMetadata.getPlural(CausalGymMonitoring.class) + "/status",
            "CausalGymMonitoring",
            true);
    status.put("verbs", List.of("get", "patch", "update"));
    resources(CausalGymMonitoring.GROUP, CausalGymMonitoring.VERSION, ours, status);

    for (String[] gv : groupVersions) {
      groups.computeIfAbsent(gv[0], g -> new ArrayList<>()).add(gv[1]);
    }
    List<Object> groupList = new ArrayList<>();
    groups.forEach(
        (group, versions) -> {
          List<Object> versionList = new ArrayList<>();
          versions.forEach(
              v -> versionList.add(Map.of("groupVersion", group + "/" + v, "version", v)));
          groupList.add(
              Map.of(
                  "name", group, "versions", versionList, "preferredVersion", versionList.get(0)));
        });
    expect("/apis", Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groupList));
  }

  /** A discovery entry as kubectl reads it, short names included (kubectl get deploy). */
  private static Map<String, Object> resource(
      String plural, String kind, boolean namespaced, String... shortNames) {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("name", plural);
    resource.put("singularName", "");
    resource.put("namespaced", namespaced);
    resource.put("kind", kind);
    resource.put("verbs", VERBS);
    if (shortNames.length > 0) {
      resource.put("shortNames", List.of(shortNames));
    }
    return resource;
  }

  @SafeVarargs
  private void resources(String group, String version, Map<String, Object>... resources) {
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    if (!group.isEmpty()) {
      groupVersions.add(new String[] {group, version});
    }
    openApi.discovered(group, version, List.of(resources));
    expect(
        (group.isEmpty() ? "/api/" : "/apis/") + groupVersion,
        Map.of(
            "kind",
            "APIResourceList",
            "apiVersion",
            "v1",
            "groupVersion",
            groupVersion,
            "resources",
            List.of(resources)));
  }

  private void expect(String path, Object body) {
    for (String variant : List.of(path, path + "?timeout=32s")) {
      server.expect().get().withPath(variant).andReturn(200, body).always();
    }
  }
}
