package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.causalgym.operator.demo.ApiServerDispatcher;
import org.causalgym.operator.model.OwnedObject;
import org.causalgym.operator.testing.ClusterCrds;
import org.junit.jupiter.api.Test;

/**
 * One informer per kind: the registry's several Deployments, Services, ConfigMaps and Secrets are
 * each listed and watched once, however many entries share the kind.
 */
class InformerSharingTest {

  @Test
  void everyOwnedKindIsListedAndWatchedOnce() {
    Map<String, Integer> watches = new ConcurrentHashMap<>();
    Dispatcher store = new ApiServerDispatcher();
    Dispatcher counting =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if (path.contains("watch=true") && path.contains("managed-by")) {
              watches.merge(path.substring(0, path.indexOf('?')), 1, Integer::sum);
            }
            return store.dispatch(request);
          }
        };
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), counting, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    Operator operator = null;
    try (KubernetesClient client = server.createClient()) {
      ClusterCrds.installOurs(client);
      operator = CausalGymOperator.create(client);
      operator.start();
      Map<String, Long> entriesPerKind =
          List.of(OwnedObject.values()).stream()
              .filter(o -> !o.isOtherOperatorsKind())
              .collect(Collectors.groupingBy(o -> o.type().getSimpleName(), Collectors.counting()));
      assertThat(entriesPerKind.values()).as("kinds with several entries").contains(4L);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(watches).hasSameSizeAs(entriesPerKind));
      assertThat(watches.values()).as("watches per kind").containsOnly(1);
    } finally {
      if (operator != null) {
        operator.stop();
      }
      server.destroy();
    }
  }
}
