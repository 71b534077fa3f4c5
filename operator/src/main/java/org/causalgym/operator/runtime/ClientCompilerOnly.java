package org.causalgym.operator.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HotSpot's optimizing compiler (C2) off the operator's code, however the JVM was started:
 * the operator waits on the API server most of its life, and C2 spent more CPU compiling the
 * reconcile path than its faster code saved (two thirds of a threshold edit's CPU, still 12 ms per
 * edit after 400 edits; docs/benchmarks.md). Methods then run as the client compiler (C1) makes
 * them, with the profiling it adds for C2, which the image's {@code -XX:TieredStopAtLevel=1} also
 * spares. Done through a compiler directive added at start (the DiagnosticCommand MBean's {@code
 * Compiler.directives_add}: compiler control, JEP 165, JDK 9+; the directive format and its c2
 * Exclude as in JDK 17's src/hotspot/share/compiler/directivesParser.cpp), since a jar cannot carry
 * JVM options; where the JVM offers no such command (not HotSpot), nothing changes. It runs on a
 * thread of its own: starting the platform MBean server takes 250-350 ms, which start-up does not
 * wait for.
 */
public final class ClientCompilerOnly {

  private static final Logger LOG = LoggerFactory.getLogger(ClientCompilerOnly.class);

  /** Every method excluded from C2: HotSpot's tiered policy then keeps it at C1's level. */
  private static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

  private ClientCompilerOnly() {}

  /**
   * Adds the directive on a daemon thread of its own, unless the JVM was started without C2 already
   * (the image's -XX:TieredStopAtLevel=1).
   */
  public static void applyInBackground() {
    if (ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(option -> option.matches("-XX:TieredStopAtLevel=[0-3]"))) {
      return;
    }
    Thread thread = new Thread(ClientCompilerOnly::apply, "client-compiler-only");
    thread.setDaemon(true);
    thread.start();
  }

  /** Adds the directive, or logs why the JVM did not take it. */
  private static void apply() {
    Path file = null;
    try {
      file = Files.createTempFile("causal-gym-compiler-directives", ".json");
      Files.writeString(file, DIRECTIVE);
      Object answer =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      LOG.debug("Compiler directive added: {}", answer);
    } catch (JMException | IOException | RuntimeException notHotSpot) {
      LOG.debug("Compiler directive not added, the JVM's own compilers stay", notHotSpot);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A temporary file of a few bytes.
        }
      }
    }
  }
}
