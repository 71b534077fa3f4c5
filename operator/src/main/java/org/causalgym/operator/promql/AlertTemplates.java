package org.causalgym.operator.promql;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.causalgym.operator.promql.template.TemplateDialect;
import org.causalgym.operator.promql.template.TemplateFunctions;
import org.causalgym.operator.promql.template.TemplateParser;
import org.causalgym.operator.promql.template.TemplateSyntaxException;

/**
 * The check Prometheus makes of an alert's labels and annotations when it loads a rule file: each
 * is parsed as a Go text/template, after the variables Prometheus defines, with the functions of
 * the release (model/rulefmt/rulefmt.go, testTemplateParsing; template/template.go, ParseTest; the
 * same at every tag v2.42.0..v3.5.0).
 */
public final class AlertTemplates {

  /** rulefmt.go, testTemplateParsing: the definitions every template is parsed after. */
  private static final String DEFINITIONS =
      "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}"
          + "{{$externalURL := .ExternalURL}}{{$value := .Value}}";

  /** Prometheus names it "__alert_" and the alert's name; the message's field names the alert. */
  private static final String TEMPLATE_NAME = "alert";

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

  private AlertTemplates() {}

  /**
   * The template language of a release; one older than 2.42 is read as 2.42, one newer than 3.5 as
   * 3.5 (what it adds is not known here, so a template must make do with 3.5's).
   */
  static TemplateDialect dialectOf(PrometheusVersion release) {
    return new TemplateDialect(goMinorOf(release), TemplateFunctions.all());
  }

  /** The Go (1.x) a release is built with. */
  static int goMinorOf(PrometheusVersion release) {
    int goMinor = GO_TOOLCHAINS.get(0).goMinor();
    for (GoToolchain toolchain : GO_TOOLCHAINS) {
      if (release.minorRelease().compareTo(toolchain.since()) >= 0) {
        goMinor = toolchain.goMinor();
      }
    }
    return goMinor;
  }

  /**
   * What a release of the target would refuse in the template, with the first refusing release's
   * message (Go's) and every release that refuses it, or empty when every release accepts it.
   */
  public static Optional<String> firstProblem(String template, PrometheusTarget target) {
    Map<PrometheusVersion, String> problems = new LinkedHashMap<>();
    // Releases share dialects (six Gos for twenty releases): parse once per dialect.
    Map<TemplateDialect, Optional<String>> byDialect = new HashMap<>();
    for (PrometheusVersion release : target.versions()) {
      byDialect
          .computeIfAbsent(dialectOf(release), dialect -> problemIn(template, dialect))
          .ifPresent(problem -> problems.put(release, problem));
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    // The first refusing release's message; the releases named are all that refuse, whatever
    // their Go says.
    String first = problems.values().iterator().next();
    List<PrometheusVersion> refusing = List.copyOf(problems.keySet());
    return Optional.of(
        first
            + " on "
            + releases(refusing, target)
            + "; this rule must load on "
            + target.describe()
            + " ("
            + target.reason()
            + ")");
  }

  /** Go's message when release refuses the template, or empty when it parses it. */
  static Optional<String> problemOn(String template, PrometheusVersion release) {
    return problemIn(template, dialectOf(release));
  }

  private static Optional<String> problemIn(String template, TemplateDialect dialect) {
    try {
      TemplateParser.parse(TEMPLATE_NAME, DEFINITIONS + template, dialect);
      return Optional.empty();
    } catch (TemplateSyntaxException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The refusing releases as runs of the target's ("Prometheus 2.42–2.54 (Go 1.19–1.22)"). */
  private static String releases(List<PrometheusVersion> refusing, PrometheusTarget target) {
    if (target.versions().size() == 1) {
      return "Prometheus " + refusing.get(0) + " (Go 1." + goMinorOf(refusing.get(0)) + ")";
    }
    StringJoiner runs = new StringJoiner(", ", "Prometheus ", "");
    List<PrometheusVersion> all = target.versions();
    int i = 0;
    while (i < all.size()) {
      if (!refusing.contains(all.get(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < all.size() && refusing.contains(all.get(j + 1))) {
        j++;
      }
      runs.add(run(all.get(i), all.get(j)));
      i = j + 1;
    }
    return runs.toString();
  }

  private static String run(PrometheusVersion from, PrometheusVersion to) {
    String releases = from.equals(to) ? from.minorText() : from.minorText() + "–" + to.minorText();
    String go =
        goMinorOf(from) == goMinorOf(to)
            ? "1." + goMinorOf(from)
            : "1." + goMinorOf(from) + "–1." + goMinorOf(to);
    return releases + " (Go " + go + ")";
  }
}
