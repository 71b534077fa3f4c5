package org.causalgym.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * A Fabric8 mock Kubernetes API on the loopback interface and a free port, answering through the
 * dispatcher given: the CRUD store, often with something in front that counts, delays or fails.
 */
public final class LoopbackApi {

  private LoopbackApi() {}

  /** The API, started; the caller destroys it. */
  public static KubernetesMockServer start(Dispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }
}
