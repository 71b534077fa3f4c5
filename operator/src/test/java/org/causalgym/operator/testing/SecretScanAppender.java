package org.causalgym.operator.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads every log line of the test JVM as it is written (the operator's and its libraries', not the
 * mock API server's, which stands in for the cluster that holds the Secrets) and counts those that
 * hold a registered Secret value, plain or base64. Configured in logback-test.xml.
 */
public final class SecretScanAppender extends AppenderBase<ILoggingEvent> {

  static final AtomicLong LINES = new AtomicLong();
  static final List<String> HITS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    String logger = event.getLoggerName();
    if (logger.startsWith("io.fabric8.kubernetes.client.server.mock")
        || logger.startsWith("io.fabric8.mockwebserver")) {
      return;
    }
    LINES.incrementAndGet();
    String text =
        event.getFormattedMessage()
            + (event.getThrowableProxy() == null
                ? ""
                : "\n" + event.getThrowableProxy().getMessage());
    if (SecretValues.foundIn(text)) {
      // Where, never what.
      HITS.add(logger + " [" + event.getThreadName() + "] at " + event.getTimeStamp());
    }
  }
}
