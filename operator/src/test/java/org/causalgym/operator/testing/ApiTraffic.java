package org.causalgym.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.IntSupplier;

/** What a test asserts of the requests an API answered: that the operator has gone quiet. */
public final class ApiTraffic {

  private static final Duration SETTLE = Duration.ofSeconds(30);

  private ApiTraffic() {}

  /**
   * Waits until the API answers nothing for a second, then asserts it answers nothing for three
   * more: once settled, the operator lives on its informers' watches, with no polling, no update
   * loop and no retry storm.
   */
  public static void assertNoRequestsWhileIdle(IntSupplier requestCount) {
    await()
        .pollDelay(Duration.ofSeconds(1))
        .atMost(SETTLE)
        .until(
            () -> {
              int before = requestCount.getAsInt();
              Thread.sleep(1000);
              return requestCount.getAsInt() == before;
            });
    int settled = requestCount.getAsInt();
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(requestCount.getAsInt()).as("API requests in 3 s of idle").isEqualTo(settled);
  }
}
