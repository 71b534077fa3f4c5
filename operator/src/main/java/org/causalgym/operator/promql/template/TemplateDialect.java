package org.causalgym.operator.promql.template;

import java.util.List;
import java.util.Set;
import org.causalgym.operator.promql.PrometheusVersion;

/**
 * The template language a Prometheus release parses alerts with: the Go its release binaries are
 * built with (which decides text/template's grammar) and the functions it defines.
 *
 * @param goMinor the Go release, 1.goMinor
 * @param functions every function a template may call
 */
public record TemplateDialect(int goMinor, Set<String> functions) {

  /** From this Prometheus release on, its binaries are built with Go 1.goMinor. */
  private record GoToolchain(PrometheusVersion since, int goMinor) {}

  /**
   * .promu.yml's go.version at each tag v2.42.0..v3.5.0 (the Go of the release builds; the go.mod
   * directive is only a minimum): 1.19 to v2.43, 1.20 to v2.46, 1.21 to v2.50, 1.22 to v2.54, 1.23
   * to v3.2, 1.24 to v3.5.
   */
  private static final List<GoToolchain> GO_TOOLCHAINS =
      List.of(
          new GoToolchain(new PrometheusVersion(2, 42, 0), 19),
          new GoToolchain(new PrometheusVersion(2, 44, 0), 20),
          new GoToolchain(new PrometheusVersion(2, 47, 0), 21),
          new GoToolchain(new PrometheusVersion(2, 51, 0), 22),
          new GoToolchain(new PrometheusVersion(2, 55, 0), 23),
          new GoToolchain(new PrometheusVersion(3, 3, 0), 24));

  /**
   * The dialect of a release; one older than 2.42 is read as 2.42, one newer than 3.5 as 3.5 (what
   * it adds is not known here, so a template must make do with 3.5's).
   */
  public static TemplateDialect of(PrometheusVersion release) {
    return new TemplateDialect(goMinorOf(release), TemplateFunctions.of(release));
  }

  /** The Go (1.x) a release is built with. */
  public static int goMinorOf(PrometheusVersion release) {
    int goMinor = GO_TOOLCHAINS.get(0).goMinor();
    for (GoToolchain toolchain : GO_TOOLCHAINS) {
      if (release.minorRelease().compareTo(toolchain.since()) >= 0) {
        goMinor = toolchain.goMinor();
      }
    }
    return goMinor;
  }

  /** {{break}} and {{continue}}: go1.18 (src/text/template/parse/lex.go, itemBreak). */
  public boolean breakAndContinue() {
    return goMinor >= 18;
  }

  /**
   * A stray ")" is an error before it is an item, "unexpected right paren": go1.20's lex.go, which
   * runs without a goroutine. go1.19's emits the item first, so its parser says {@code unexpected
   * ")" in command}. Either way the template is refused; only the message differs.
   */
  public boolean strayRightParenFirst() {
    return goMinor >= 20;
  }

  /** {{else with}}: go1.23 (src/text/template/parse/parse.go, parseControl and elseControl). */
  public boolean elseWith() {
    return goMinor >= 23;
  }
}
