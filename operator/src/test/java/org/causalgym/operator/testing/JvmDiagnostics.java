package org.causalgym.operator.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads of a JVM it started, from outside and the same way for every process it
 * compares: CPU time from the OS, heap and class histograms through the JDK's jcmd.
 */
public final class JvmDiagnostics {

  /** "used 12345K" of a top-level line of GC.heap_info: the heap's, not Metaspace's. */
  private static final Pattern HEAP_USED =
      Pattern.compile("^ (?!Metaspace|class space)\\S.*?used (\\d+)K", Pattern.MULTILINE);

  /** " 1: 117123 9927576 [B (java.base@17.0.15)" of GC.class_histogram. */
  private static final Pattern HISTOGRAM_ROW =
      Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

  /** Instances and bytes of one class in a class histogram. */
  public record ClassHeap(long instances, long bytes) {}

  private JvmDiagnostics() {}

  /**
   * The CPU time the process has used so far, all its threads, as the OS counts it (Linux: utime +
   * stime of /proc/PID/stat, which ProcessHandle reads).
   */
  public static Duration cpuTime(Process process) {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .orElseThrow(
            () -> new IllegalStateException("the OS reports no CPU time of " + process.pid()));
  }

  /** Heap in use after two full collections, in bytes. */
  public static long heapAfterFullGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    jcmd(pid, "GC.run");
    Thread.sleep(500);
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    long kib = 0;
    while (used.find()) {
      kib += Long.parseLong(used.group(1));
    }
    if (kib == 0) {
      throw new IllegalStateException("no heap in GC.heap_info of " + pid);
    }
    return kib * 1024;
  }

  /** Live instances and bytes by class name, after a full collection (GC.class_histogram). */
  public static Map<String, ClassHeap> classHistogram(long pid) throws Exception {
    Map<String, ClassHeap> classes = new HashMap<>();
    Matcher row = HISTOGRAM_ROW.matcher(jcmd(pid, "GC.class_histogram"));
    while (row.find()) {
      classes.merge(
          row.group(3),
          new ClassHeap(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))),
          (a, b) -> new ClassHeap(a.instances() + b.instances(), a.bytes() + b.bytes()));
    }
    if (classes.isEmpty()) {
      throw new IllegalStateException("no class histogram of " + pid);
    }
    return classes;
  }

  /** What the JDK's jcmd answers for the process. */
  public static String jcmd(long pid, String command) throws Exception {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      jcmd.destroyForcibly();
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }
}
