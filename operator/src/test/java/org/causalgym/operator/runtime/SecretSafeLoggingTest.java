package org.causalgym.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretSafeLoggingTest {

  private final LoggerContext context = new LoggerContext();

  @BeforeEach
  void installedOnATraceContext() {
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.TRACE);
    SecretSafeLogging.install(context);
  }

  @Test
  void theHttpExchangeLoggerStaysShutBelowInfoEvenWithItsOwnLevelAtTrace() {
    Logger http = context.getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor");
    http.setLevel(Level.TRACE);

    // What Fabric8's StandardHttpClientBuilder asks before adding the interceptor.
    assertThat(http.isTraceEnabled()).isFalse();
    assertThat(http.isDebugEnabled()).isFalse();
    assertThat(http.isInfoEnabled()).isTrue();
  }

  @Test
  void theInProcessApiIsShutWithEveryLoggerBelowIt() {
    assertThat(
            context
                .getLogger("io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher")
                .isDebugEnabled())
        .isFalse();
    assertThat(
            context
                .getLogger("io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor")
                .isDebugEnabled())
        .isFalse();
  }

  @Test
  void otherLoggersKeepTheConfiguredLevelEvenWhereTheirNameStartsAlike() {
    assertThat(context.getLogger("io.fabric8.kubernetes.client.informers").isTraceEnabled())
        .isTrue();
    assertThat(context.getLogger("io.fabric8.kubernetes.client.server.mockish").isTraceEnabled())
        .isTrue();
  }

  @Test
  void aReconfigurationDoesNotReopenIt() {
    context.reset();
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.TRACE);

    assertThat(
            context
                .getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor")
                .isTraceEnabled())
        .isFalse();
    SecretSafeLogging.install(context);
    assertThat(context.getTurboFilterList()).hasSize(1);
  }
}
