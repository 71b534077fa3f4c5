package org.causalgym.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.causalgym.operator.demo.DemoCluster;
import org.causalgym.operator.testing.JvmDiagnostics;
import org.causalgym.operator.testing.OperatorProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started as plain {@code java -jar}, with no JVM option of the image's, keeps
 * HotSpot's optimizing compiler off its code: the JVM lists the directive that excludes every
 * method from C2.
 */
class ClientCompilerOnlyIT {

  /** How Compiler.directives_print shows a directive whose c2 part excludes what it matches. */
  private static final Pattern C2_EXCLUDED =
      Pattern.compile(
          "matching: \\*\\.\\*(?:(?!Directive:).)*?c2 directives:\\s*inline: -\\s*Enable:true Exclude:true",
          Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void aPlainJavaJarRunsWithoutTheOptimizingCompiler() throws Exception {
    try (DemoCluster cluster = new DemoCluster(0)) {
      Path kubeconfig = dir.resolve("kubeconfig");
      cluster.writeKubeconfig(kubeconfig, "compiler");
      try (OperatorProcess operator =
          OperatorProcess.start(kubeconfig, dir.resolve("operator.log"))) {
        operator.awaitReady(Duration.ofMinutes(2));
        String directives = JvmDiagnostics.jcmd(operator.pid(), "Compiler.directives_print");
        assertThat(C2_EXCLUDED.matcher(directives).find())
            .as("a directive excluding C2 in:\n" + directives)
            .isTrue();
      }
    }
  }
}
