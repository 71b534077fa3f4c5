package org.causalgym.operator.demo;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** A request passed on with a body of its own: reading a request's body consumes it. */
final class RequestWithBody {

  private RequestWithBody() {}

  static RecordedRequest of(RecordedRequest request, String body) {
    return with(request, request.getHeaders(), body);
  }

  /** The request with a JSON body in place of the one it was sent with, and says so. */
  static RecordedRequest asJson(RecordedRequest request, String json) {
    return with(
        request,
        request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
        json);
  }

  private static RecordedRequest with(RecordedRequest request, Headers headers, String body) {
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        headers,
        new Buffer().writeUtf8(body));
  }
}
