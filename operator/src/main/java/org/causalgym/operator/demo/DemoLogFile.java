package org.causalgym.operator.demo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The demo's logs in a file instead of on the terminal, which belongs to the demo's own report: the
 * console appenders of the root logger are detached while it is open and put back on close.
 */
public final class DemoLogFile implements AutoCloseable {

  /** The text line the console appender of logback.xml prints, so the file reads the same. */
  private static final String PATTERN =
      "%d{ISO8601} %-5level %logger{30} %X{resource.namespace}/%X{resource.name} %X{reconcileId}"
          + " - %msg%n";

  private final Logger root;
  private final List<Appender<ILoggingEvent>> detached;
  private final FileAppender<ILoggingEvent> file;

  private DemoLogFile(
      Logger root, List<Appender<ILoggingEvent>> detached, FileAppender<ILoggingEvent> file) {
    this.root = root;
    this.detached = detached;
    this.file = file;
  }

  /** Sends every log line to path (appended) until closed. */
  public static DemoLogFile open(Path path) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LoggerContext context = root.getLoggerContext();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("demo-log-file");
    file.setFile(path.toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> appender = it.next();
      if (appender instanceof ConsoleAppender) {
        detached.add(appender);
      }
    }
    detached.forEach(root::detachAppender);
    root.addAppender(file);
    return new DemoLogFile(root, detached, file);
  }

  @Override
  public void close() {
    detached.forEach(root::addAppender);
    root.detachAppender(file);
    file.stop();
  }
}
