package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** A request the API server refuses: its meta/v1 Status as JSON, with the Status's HTTP code. */
final class StatusResponse {

  private StatusResponse() {}

  static MockResponse of(Status status) {
    return new MockResponse()
        .setResponseCode(status.getCode())
        .setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(status));
  }

  /** A Status without details: code, reason (BadRequest, Invalid, ...) and message. */
  static MockResponse failure(int code, String reason, String message) {
    return of(
        new StatusBuilder()
            .withStatus("Failure")
            .withReason(reason)
            .withCode(code)
            .withMessage(message)
            .build());
  }
}
