package org.causalgym.operator.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * LOG_FORMAT: logback.xml attaches a json and a text appender to the root logger, and the one not
 * chosen is detached at start-up. Done in code because Maven plugins read logback.xml through class
 * loaders that cannot see a class of ours referenced from it.
 */
public final class LogFormat {

  public static final String JSON = "json";
  public static final String TEXT = "text";

  private LogFormat() {}

  /** Keeps the appender of format (json or text); anything else keeps json and says so. */
  public static void select(String format) {
    String chosen = format == null ? JSON : format.strip().toLowerCase(Locale.ROOT);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (!chosen.equals(JSON) && !chosen.equals(TEXT)) {
      root.detachAppender(TEXT);
      root.warn("LOG_FORMAT must be json or text, not '{}'; logging as json", format);
      return;
    }
    root.detachAppender(chosen.equals(JSON) ? TEXT : JSON);
  }

  /** The logger context, for tests that load the shipped logback.xml. */
  public static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }
}
