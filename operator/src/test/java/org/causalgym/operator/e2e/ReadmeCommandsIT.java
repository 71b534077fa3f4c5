package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.testing.ExternalTool;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands as a newcomer runs them, as written: the demo command of "The two commands"
 * from the packaged jar, then every line of the tour's block with the real kubectl and curl against
 * it. Each line must succeed; a watch must stream.
 */
class ReadmeCommandsIT {

  private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
  private static final Pattern RAISE = Pattern.compile("curl -X POST '(http://[^']+)'");
  private static final Pattern THRESHOLD = Pattern.compile("\"threshold\":([0-9.]+)");
  private static final String DEMO_JAR = "operator/target/causal-gym-demo.jar";

  @TempDir Path dir;

  @Test
  void everyCommandOfTheReadmeSucceedsAgainstTheDemo() throws Exception {
    Path kubectl = new ExternalTool("kubectl", "kubectl").require();
    new ExternalTool("prometheus", "prometheus").require();
    assertThat(kubectl).exists();
    List<String> blocks = shBlocks();
    // The first block builds and runs the demo; the build is what runs this test already.
    String[] build = blocks.get(0).strip().split(" && ");
    assertThat(build).hasSize(2);
    assertThat(build[0]).startsWith("mvn ");
    assertThat(build[1]).isEqualTo("java -jar " + DEMO_JAR);
    // The newcomer's clone, as far as the commands read it: the built jar and the samples.
    Files.createDirectories(dir.resolve(DEMO_JAR).getParent());
    Files.copy(Path.of(System.getProperty("causalgym.demoJar")), dir.resolve(DEMO_JAR));
    Files.createDirectories(dir.resolve("samples"));
    for (Path sample : Repository.sampleFiles()) {
      Files.copy(sample, dir.resolve("samples").resolve(sample.getFileName()));
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("KUBECONFIG");
    env.remove("HTTP_PORT");
    env.put("KUBECACHEDIR", dir.resolve("kube-cache").toString());

    Process demo = bash(build[1], env).redirectError(dir.resolve("demo.err").toFile()).start();
    try {
      List<String> screen = new ArrayList<>();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("# Serving until Ctrl-C")) {
        screen.add(line);
      }
      assertThat(line).as("the demo's screen: %s", screen).isNotNull();
      int next = indexOf(screen, "# Next");
      assertThat(next).as("lines before the next commands: %s", screen).isBetween(1, 30);
      assertThat(Files.readString(dir.resolve("demo.err"))).doesNotContain("ERROR", "Exception");
      String raise =
          screen.stream()
              .map(RAISE::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no curl line on the screen: " + screen));

      String tour = blocks.stream().filter(b -> b.contains("kubectl ")).findFirst().orElseThrow();
      String threshold = null;
      for (String command : tour.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
        if (command.startsWith("export ")) {
          String[] assignment = command.substring("export ".length()).split("=", 2);
          env.put(assignment[0], assignment[1]);
          continue;
        }
        String runnable =
            command.replaceAll("'http://127\\.0\\.0\\.1:<[^>]+>[^']*'", "'" + raise + "'");
        Matcher patched = THRESHOLD.matcher(command);
        if (patched.find()) {
          threshold = patched.group(1);
        }
        if (runnable.matches(".*\\s-w(\\s.*)?")) {
          assertStreams(runnable, env);
          continue;
        }
        Result result = run(runnable, env);
        assertThat(result.code()).as("%s printed: %s", command, result.output()).isZero();
        // What a line's comment promises is printed: the columns, or that nothing is left.
        String promised =
            command.contains(" # ") ? command.substring(command.lastIndexOf(" # ") + 3) : "";
        if (promised.equals("No resources found")) {
          assertThat(result.output()).as(command).startsWith(promised);
        } else if (promised.matches("[A-Z]+( [A-Z]+)+")) {
          assertThat(result.output().lines().findFirst().orElse("").split("\\s+"))
              .as(command)
              .contains(promised.split(" "));
        }
        if (command.contains("-o jsonpath='{.spec.groups[0].rules[0].expr}'")) {
          assertThat(threshold).as("a threshold patched before the rule is read").isNotNull();
          String expected = threshold;
          await()
              .atMost(Duration.ofSeconds(10))
              .untilAsserted(() -> assertThat(run(runnable, env).output()).endsWith(expected));
        }
      }
    } finally {
      demo.destroy();
      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("demo stopped").isTrue();
    }
  }

  /** A watch prints the current rows and is still streaming seconds later. */
  private void assertStreams(String command, Map<String, String> env) throws Exception {
    Path output = dir.resolve("watch.out");
    Process watch =
        bash(command, env).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(Files.readString(output)).contains("NAME"));
      assertThat(watch.waitFor(3, TimeUnit.SECONDS))
          .as("%s ended instead of watching: %s", command, Files.readString(output))
          .isFalse();
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private record Result(int code, String output) {}

  private Result run(String command, Map<String, String> env)
      throws IOException, InterruptedException {
    Process process = bash(command, env).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Result(process.exitValue(), output.strip());
  }

  private ProcessBuilder bash(String command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> shBlocks() {
    String readme = Repository.text(Repository.root().resolve("README.md"));
    List<String> blocks = new ArrayList<>();
    Matcher block = SH_BLOCK.matcher(readme);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    assertThat(blocks).as("README.md's sh blocks").hasSizeGreaterThanOrEqualTo(3);
    return blocks;
  }
}
