package org.causalgym.operator.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Keeps shut, below INFO, the loggers that print whole HTTP exchanges or stored objects, whatever
 * LOG_LEVEL, a logback configuration file or a later level change says: at those levels they print
 * Secret data and the bearer token. A turbo filter is asked before any level (isTraceEnabled
 * included), so a logger's level cannot re-open it; it survives a reconfiguration of the context.
 * Installed in code, as LogFormat is, because Maven plugins read logback.xml through class loaders
 * that cannot see this class.
 */
public final class SecretSafeLogging extends TurboFilter implements LoggerContextListener {

  /** Logger names, each with the loggers below it. */
  static final List<String> SHUT_BELOW_INFO =
      List.of(
          // Fabric8 7.5.2, kubernetes-client-api .../http/HttpLoggingInterceptor.java: at TRACE
          // every request's and response's headers (Authorization: Bearer <token>) and body (a
          // Secret's data); StandardHttpClientBuilder adds it to every client when that logger's
          // isTraceEnabled() at build time.
          "io.fabric8.kubernetes.client.http.HttpLoggingInterceptor",
          // The demo's in-process API. kubernetes-server-mock 7.5.2, KubernetesCrudDispatcher
          // .handle: "Entry found for query {} : {}" at DEBUG, with the stored object (a Secret's
          // data) for every GET, list and watch. (Its MockWebServer logs request lines and status
          // codes only, through java.util.logging.)
          "io.fabric8.kubernetes.client.server.mock");

  private SecretSafeLogging() {}

  /** Adds the filter to the logback context of this JVM, once. */
  public static void install() {
    install(LogFormat.context());
  }

  static void install(LoggerContext context) {
    if (context.getTurboFilterList().stream().anyMatch(SecretSafeLogging.class::isInstance)) {
      return;
    }
    SecretSafeLogging filter = new SecretSafeLogging();
    filter.setName("secret-safe-logging");
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    context.addListener(filter);
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.isGreaterOrEqual(Level.INFO)) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    for (String shut : SHUT_BELOW_INFO) {
      if (name.startsWith(shut)
          && (name.length() == shut.length() || name.charAt(shut.length()) == '.')) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }

  /** A reset (a reconfiguration, e.g. a scanned configuration file) drops every turbo filter. */
  @Override
  public boolean isResetResistant() {
    return true;
  }

  @Override
  public void onReset(LoggerContext context) {
    start();
    context.addTurboFilter(this);
  }

  @Override
  public void onStart(LoggerContext context) {}

  @Override
  public void onStop(LoggerContext context) {}

  @Override
  public void onLevelChange(Logger logger, Level level) {}
}
