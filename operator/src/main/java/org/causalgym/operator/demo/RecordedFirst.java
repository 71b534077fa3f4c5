package org.causalgym.operator.demo;

import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * The mock API's dispatcher: answers recorded with expect() (discovery, say) where there are, else
 * the API behind it; the server's reset() empties the API's store too where it is one.
 */
public final class RecordedFirst extends Dispatcher implements Resetable {

  private final Map<ServerRequest, Queue<ServerResponse>> recorded;
  private final MockDispatcher answers;
  private final Dispatcher api;

  public RecordedFirst(Map<ServerRequest, Queue<ServerResponse>> recorded, Dispatcher api) {
    this.recorded = recorded;
    this.answers = new MockDispatcher(recorded);
    this.api = api;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<ServerResponse> queued =
        recorded.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    return queued != null && !queued.isEmpty() ? answers.dispatch(request) : api.dispatch(request);
  }

  @Override
  public void reset() {
    if (api instanceof Resetable store) {
      store.reset();
    }
  }
}
