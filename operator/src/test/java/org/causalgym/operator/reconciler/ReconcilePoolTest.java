package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.timer.TimerEventSource;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What escapes JOSDK's reconcile threads reaches the operator's log; the race of JOSDK 5.2.3's
 * TimerEventSource at a resource's deletion is a warning there, anything else an error.
 */
class ReconcilePoolTest {

  private final Logger seamLog = (Logger) LoggerFactory.getLogger(JosdkOperatorSeam.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final ExecutorService pool = JosdkOperatorSeam.reconcilePool(1);

  @BeforeEach
  void captureLogs() {
    logs.start();
    seamLog.addAppender(logs);
  }

  @AfterEach
  void release() {
    pool.shutdownNow();
    seamLog.detachAppender(logs);
  }

  /**
   * The race itself, on JOSDK's own TimerEventSource: a reconcile thread schedules the resource's
   * periodic reconcile as the end of every reconcile does, while another thread cancels it as a
   * delete event does, until a cancel lands between the task's entry in the map and its hand-over
   * to the timer. Awaitility would fail the test with any exception that reached the JVM's default
   * handler instead.
   */
  @Test
  void theTimerRaceAtADeletionIsAWarning() {
    TimerEventSource<CausalGymMonitoring> timers = new TimerEventSource<>();
    // Due at once, so that the timer's queue does not fill with the cancelled tasks.
    timers.setEventHandler(event -> {});
    timers.start();
    ResourceID resource = new ResourceID("gym", "lab");
    AtomicBoolean raced = new AtomicBoolean();
    Thread deletions =
        new Thread(
            () -> {
              while (!raced.get()) {
                timers.cancelOnceSchedule(resource);
              }
            });
    try {
      deletions.start();
      pool.execute(
          () -> {
            try {
              while (true) {
                timers.scheduleOnce(resource, 0);
              }
            } finally {
              raced.set(true);
            }
          });
      await().atMost(Duration.ofMinutes(1)).until(() -> !logs.list.isEmpty());
    } finally {
      raced.set(true);
      timers.stop();
    }

    assertThat(logs.list)
        .singleElement()
        .satisfies(
            logged -> {
              assertThat(logged.getLevel()).isEqualTo(Level.WARN);
              assertThat(logged.getFormattedMessage())
                  .contains("lost the periodic-reconcile timer of a resource deleted")
                  .contains("Task already scheduled or cancelled");
            });
  }

  @Test
  void anythingElseThatEscapesIsAnError() {
    pool.execute(
        () -> {
          throw new IllegalStateException("Task already scheduled or cancelled");
        });

    await().atMost(Duration.ofSeconds(30)).until(() -> !logs.list.isEmpty());
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            logged -> {
              assertThat(logged.getLevel()).isEqualTo(Level.ERROR);
              assertThat(logged.getThrowableProxy().getMessage())
                  .isEqualTo("Task already scheduled or cancelled");
            });
  }
}
