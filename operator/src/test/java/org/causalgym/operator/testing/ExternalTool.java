package org.causalgym.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.causalgym.operator.demo.ServerProcess;
import org.junit.jupiter.api.Assumptions;

/**
 * A real validator binary such as promtool. Missing, its tests skip with a loud reason; with
 * -Dcausalgym.requireTools=true (set under CI=true) a missing tool fails them instead.
 */
public final class ExternalTool {

  private final String name;
  private final String debianPackage;

  public ExternalTool(String name, String debianPackage) {
    this.name = name;
    this.debianPackage = debianPackage;
  }

  public static ExternalTool promtool() {
    return new ExternalTool("promtool", "prometheus");
  }

  public static ExternalTool amtool() {
    return new ExternalTool("amtool", "prometheus-alertmanager");
  }

  /** The binary's path; aborts or fails the calling test when it is not installed. */
  public Path require() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    String reason =
        name
            + " is not installed, so this test cannot prove what it checks: apt-get install -y "
            + debianPackage
            + " (.ci/run does this)";
    if (Boolean.getBoolean("causalgym.requireTools")) {
      fail(reason + "; causalgym.requireTools=true makes this a failure");
    }
    System.err.println("SKIPPED LOUDLY: " + reason);
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  private Optional<Path> find() {
    return ServerProcess.onPath(name);
  }

  /** Runs the tool with arguments in a directory; its exit code and combined output. */
  public Result run(Path workingDirectory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(require().toString());
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail(name + " did not finish within 2 minutes");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What one run of the tool returned. */
  public record Result(int exitCode, String output) {}
}
