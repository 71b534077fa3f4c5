package org.causalgym.operator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.cli.ResourceReader;

/** Files of this repository that tests read: samples, committed CRDs, monitoring suites. */
public final class Repository {

  /** The literal password of resources/literal-password.yaml, which nothing may repeat. */
  public static final String LITERAL_PASSWORD = "LITERAL-2b8d4e60-not-to-be-kept";

  private Repository() {}

  public static Path root() {
    return Path.of(System.getProperty("causalgym.repositoryRoot", ".."))
        .toAbsolutePath()
        .normalize();
  }

  public static Path samples() {
    return root().resolve("samples");
  }

  /** A resource file owned by the tests (operator/src/test/resources/resources). */
  public static Path testResource(String name) {
    return root().resolve("operator/src/test/resources/resources").resolve(name);
  }

  /** Every sample file, so that a new sample is tested without touching a test. */
  public static List<Path> sampleFiles() {
    try (Stream<Path> files = Files.list(samples())) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of a file. */
  public static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one resource of a YAML file, namespaced "default" where it names none. */
  public static CausalGymMonitoring resource(Path file) {
    try {
      List<CausalGymMonitoring> resources = ResourceReader.read(Files.readString(file), "default");
      if (resources.size() != 1) {
        throw new IllegalArgumentException(file + " holds " + resources.size() + " resources");
      }
      return resources.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ResourceReader.InvalidInputException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** A resource from YAML text, as a test writes it. */
  public static CausalGymMonitoring resource(String yaml) {
    try {
      return ResourceReader.read(yaml, "default").get(0);
    } catch (ResourceReader.InvalidInputException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
