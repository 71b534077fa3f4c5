package org.causalgym.operator.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl, run against one kubeconfig (the demo API's): a missing kubectl skips its tests
 * loudly, or fails them under causalgym.requireTools=true.
 */
public final class Kubectl {

  private static final ExternalTool KUBECTL =
      new ExternalTool("kubectl", "kubectl (https://kubernetes.io/docs/tasks/tools/)");

  private final Path binary;
  private final Path kubeconfig;

  private Kubectl(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  /** kubectl with --kubeconfig set; aborts or fails the calling test when it is not installed. */
  public static Kubectl against(Path kubeconfig) {
    return new Kubectl(KUBECTL.require(), kubeconfig);
  }

  /** Runs kubectl to its end (at most a minute): its exit code and stdout with stderr. */
  public ExternalTool.Result run(String... arguments) {
    try {
      Process process = start(arguments).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail("kubectl " + String.join(" ", arguments) + " did not finish within a minute");
      }
      return new ExternalTool.Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("could not run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts kubectl in the background (kubectl get -w), its stdout and stderr going to output; the
   * caller destroys the process.
   */
  public Process background(Path output, String... arguments) throws IOException {
    Files.deleteIfExists(output);
    return start(arguments).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private ProcessBuilder start(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    // kubectl caches discovery and OpenAPI under ~/.kube/cache: each run reads this API afresh.
    builder
        .environment()
        .put("KUBECACHEDIR", kubeconfig.resolveSibling("kubectl-cache").toString());
    builder.environment().remove("KUBECONFIG");
    return builder;
  }
}
