package org.causalgym.operator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's application class-data-sharing archive, made by the script the image build runs
 * ({@code scripts/class-data-archive.sh}) against a test API, so that what the tests and the
 * benchmark measure is what the image ships.
 */
public final class ClassDataArchive {

  private static final String ARCHIVE_OPTION = "-XX:SharedArchiveFile=";

  /** The image's entrypoint: the options between java and -jar. */
  private static final Pattern ENTRYPOINT =
      Pattern.compile("ENTRYPOINT \\[\"java\",((?:\\s*\"[^\"]+\",)*)\\s*\"-jar\"");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  /** The script that makes the archive, in the image build too. */
  public static final Path SCRIPT = Path.of("scripts", "class-data-archive.sh");

  private ClassDataArchive() {}

  /**
   * Runs the packaged jar against the API of the kubeconfig until it has been ready a few seconds,
   * writing the archive; the script's output goes to log.
   */
  public static Path make(Path kubeconfig, Path archive, Path log)
      throws IOException, InterruptedException {
    int port = FreePort.find();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    "bash",
                    Repository.root().resolve(SCRIPT).toString(),
                    OperatorProcess.jar().toString(),
                    archive.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("JAVA", OperatorProcess.java().toString());
    builder.environment().put("CLASS_DATA_HTTP_PORT", Integer.toString(port));
    Process script = builder.start();
    if (!script.waitFor(3, TimeUnit.MINUTES)) {
      script.destroyForcibly();
      throw new IllegalStateException("the class-data archive was not made within 3 minutes");
    }
    if (script.exitValue() != 0 || !Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          SCRIPT + " failed with " + script.exitValue() + ":\n" + Files.readString(log));
    }
    return archive;
  }

  /**
   * The JVM options of the image's entrypoint, read from the Dockerfile, with the archive at this
   * path: what the image runs is what the tests and the benchmark run.
   */
  public static List<String> jvmOptions(Path archive) throws IOException {
    return entrypointOptions().stream()
        .map(option -> option.startsWith(ARCHIVE_OPTION) ? ARCHIVE_OPTION + archive : option)
        .toList();
  }

  /** The archive path of the image's entrypoint. */
  public static String imageArchive() throws IOException {
    return entrypointOptions().stream()
        .filter(option -> option.startsWith(ARCHIVE_OPTION))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the entrypoint maps no archive"))
        .substring(ARCHIVE_OPTION.length());
  }

  private static List<String> entrypointOptions() throws IOException {
    Matcher entrypoint = ENTRYPOINT.matcher(dockerfile());
    if (!entrypoint.find()) {
      throw new IllegalStateException(
          "the Dockerfile has no ENTRYPOINT [\"java\", ..., \"-jar\", ...]");
    }
    List<String> options = new ArrayList<>();
    Matcher option = QUOTED.matcher(entrypoint.group(1));
    while (option.find()) {
      options.add(option.group(1));
    }
    return options;
  }

  /** The Dockerfile with its line continuations joined. */
  public static String dockerfile() throws IOException {
    return Files.readString(Repository.root().resolve("Dockerfile")).replaceAll("\\\\\n\\s*", "");
  }
}
