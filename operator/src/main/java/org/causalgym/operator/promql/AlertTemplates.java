package org.causalgym.operator.promql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The checks Prometheus makes of an alert's summary and description, which are Go templates:
 * actions closed, blocks balanced, only the functions of Go's templates and Prometheus' alert
 * templates (2.42) called, only defined variables used.
 */
public final class AlertTemplates {

  private static final Set<String> FUNCTIONS =
      Set.of(
          // Go's text/template
          "and",
          "call",
          "html",
          "index",
          "slice",
          "js",
          "len",
          "not",
          "or",
          "print",
          "printf",
          "println",
          "urlquery",
          "eq",
          "ge",
          "gt",
          "le",
          "lt",
          "ne",
          // Prometheus' alert templates
          "query",
          "first",
          "label",
          "value",
          "strvalue",
          "args",
          "reReplaceAll",
          "safeHtml",
          "match",
          "title",
          "toUpper",
          "toLower",
          "graphLink",
          "tableLink",
          "sortByLabel",
          "humanize",
          "humanize1024",
          "humanizeDuration",
          "humanizePercentage",
          "humanizeTimestamp",
          "pathPrefix",
          "externalURL",
          "parseDuration",
          "stripPort",
          "stripDomain",
          "toTime");

  private static final Set<String> OPENERS = Set.of("if", "range", "with", "define", "block");
  private static final Set<String> NEEDING_VALUE = Set.of("if", "range", "with");
  private static final Set<String> WORDS =
      Set.of("else", "end", "template", "break", "continue", "true", "false", "nil");

  /** What Prometheus defines for an alert's templates. */
  private static final List<String> VARIABLES =
      List.of("$", "$labels", "$externalLabels", "$externalURL", "$value");

  private static final Pattern TOKEN =
      Pattern.compile(
          "\"(\\\\.|[^\"\\\\])*\"|`[^`]*`|'(\\\\.|[^'\\\\])*'|\\$[A-Za-z0-9_]*|\\.[A-Za-z0-9_.]*"
              + "|[A-Za-z_][A-Za-z0-9_]*|:=|=|\\||\\(|\\)|[-+]?[0-9][0-9a-zA-Z._+-]*|,|\\S");

  private AlertTemplates() {}

  /**
   * What a release of the target would refuse in the template (naming the releases), or empty when
   * every one accepts it.
   */
  public static Optional<String> firstProblem(String template, PrometheusTarget target) {
    return firstProblem(template);
  }

  /** What Prometheus would refuse in the template, or empty when it accepts it. */
  public static Optional<String> firstProblem(String template) {
    Deque<String> blocks = new ArrayDeque<>();
    Set<String> variables = new HashSet<>(VARIABLES);
    int from = 0;
    while (true) {
      int open = template.indexOf("{{", from);
      if (open < 0) {
        break;
      }
      int close = actionEnd(template, open + 2);
      if (close < 0) {
        return Optional.of("unclosed action: \"{{\" at character " + (open + 1) + " has no \"}}\"");
      }
      String action = template.substring(open + 2, close).strip();
      action = action.startsWith("-") ? action.substring(1).strip() : action;
      action = action.endsWith("-") ? action.substring(0, action.length() - 1).strip() : action;
      from = close + 2;
      if (action.startsWith("/*")) {
        continue;
      }
      Optional<String> problem = action(action, blocks, variables);
      if (problem.isPresent()) {
        return problem;
      }
    }
    if (!blocks.isEmpty()) {
      return Optional.of("unexpected EOF: {{" + blocks.peek() + "}} has no {{end}}");
    }
    return Optional.empty();
  }

  /** Where the action that starts at from ends, skipping quoted strings; -1 if it does not. */
  private static int actionEnd(String template, int from) {
    char quote = 0;
    for (int i = from; i < template.length(); i++) {
      char c = template.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`' || c == '\'') {
        quote = c;
      } else if (template.startsWith("}}", i)) {
        return i;
      }
    }
    return -1;
  }

  private static Optional<String> action(
      String action, Deque<String> blocks, Set<String> variables) {
    List<String> tokens = TOKEN.matcher(action).results().map(MatchResult::group).toList();
    if (tokens.isEmpty()) {
      return Optional.of("missing value for command: {{}}");
    }
    String first = tokens.get(0);
    if (first.equals("end")) {
      if (blocks.isEmpty()) {
        return Optional.of("unexpected {{end}}");
      }
      blocks.pop();
      return Optional.empty();
    }
    if (OPENERS.contains(first)) {
      if (NEEDING_VALUE.contains(first) && tokens.size() == 1) {
        return Optional.of("missing value for " + first);
      }
      blocks.push(first);
    }
    if (first.equals("else") && blocks.isEmpty()) {
      return Optional.of("unexpected {{else}}");
    }
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (token.startsWith("$")) {
        String name = token.contains(".") ? token.substring(0, token.indexOf('.')) : token;
        boolean declared = i + 1 < tokens.size() && tokens.get(i + 1).equals(":=");
        if (declared) {
          variables.add(name);
        } else if (!variables.contains(name)) {
          return Optional.of("undefined variable \"" + name + "\"");
        }
      } else if (Character.isLetter(token.charAt(0)) || token.charAt(0) == '_') {
        if (!OPENERS.contains(token) && !WORDS.contains(token) && !FUNCTIONS.contains(token)) {
          return Optional.of("function \"" + token + "\" not defined");
        }
      }
    }
    return Optional.empty();
  }
}
