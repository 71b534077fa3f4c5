package org.causalgym.operator.promql.template;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The functions an alert template may call, the same on every supported Prometheus release
 * (v2.42.0..v3.5.0): text/template's builtins of the Go the release is built with, and the funcMap
 * Prometheus' NewTemplateExpander passes (which ParseTest checks every call against). Test data
 * under operator/src/test/resources/promql/templates/ holds both, extracted from the sources at
 * each tag.
 */
public final class TemplateFunctions {

  /** Where a function comes from. */
  public enum Origin {
    /** text/template's builtins (src/text/template/funcs.go, builtins). */
    GO,
    /** Prometheus' funcMap (template/template.go, NewTemplateExpander). */
    PROMETHEUS
  }

  /**
   * One function.
   *
   * @param name what a template calls it
   * @param origin who defines it
   */
  public record Entry(String name, Origin origin) {}

  /**
   * Every entry. Go's builtins are the same 19 from go1.19 (Prometheus 2.42) to go1.24 (3.5):
   * src/text/template/funcs.go, builtins. Prometheus' 26 are the keys of NewTemplateExpander's
   * funcMap in template/template.go at every tag v2.42.0..v3.5.0.
   */
  public static final List<Entry> ENTRIES =
      List.of(
          go("and"),
          go("call"),
          go("html"),
          go("index"),
          go("slice"),
          go("js"),
          go("len"),
          go("not"),
          go("or"),
          go("print"),
          go("printf"),
          go("println"),
          go("urlquery"),
          go("eq"),
          go("ge"),
          go("gt"),
          go("le"),
          go("lt"),
          go("ne"),
          prometheus("query"),
          prometheus("first"),
          prometheus("label"),
          prometheus("value"),
          prometheus("strvalue"),
          prometheus("args"),
          prometheus("reReplaceAll"),
          prometheus("safeHtml"),
          prometheus("match"),
          prometheus("title"),
          prometheus("toUpper"),
          prometheus("toLower"),
          prometheus("graphLink"),
          prometheus("tableLink"),
          prometheus("sortByLabel"),
          prometheus("stripPort"),
          prometheus("stripDomain"),
          prometheus("humanize"),
          prometheus("humanize1024"),
          prometheus("humanizeDuration"),
          prometheus("humanizePercentage"),
          prometheus("humanizeTimestamp"),
          prometheus("toTime"),
          prometheus("pathPrefix"),
          prometheus("externalURL"),
          prometheus("parseDuration"));

  private TemplateFunctions() {}

  private static Entry go(String name) {
    return new Entry(name, Origin.GO);
  }

  private static Entry prometheus(String name) {
    return new Entry(name, Origin.PROMETHEUS);
  }

  /** The names from origin. */
  public static Set<String> of(Origin origin) {
    return ENTRIES.stream()
        .filter(e -> e.origin() == origin)
        .map(Entry::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Every name a template may call. */
  public static Set<String> all() {
    return ENTRIES.stream().map(Entry::name).collect(Collectors.toUnmodifiableSet());
  }
}
