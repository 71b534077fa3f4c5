package org.causalgym.operator.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.testing.Repository;

/** A Markdown file of this repository as the tests that hold the docs to the code read it. */
public final class MarkdownDoc {

  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*)$");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");

  private final String path;
  private final List<String> prose;

  private MarkdownDoc(String path, List<String> prose) {
    this.path = path;
    this.prose = prose;
  }

  /** The file at this path from the repository root, e.g. docs/operating.md. */
  public static MarkdownDoc read(String path) {
    List<String> prose = new ArrayList<>();
    boolean fenced = false;
    for (String line : Repository.text(Repository.root().resolve(path)).lines().toList()) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        prose.add(line);
      }
    }
    return new MarkdownDoc(path, prose);
  }

  public String path() {
    return path;
  }

  /**
   * The cells, stripped, of each body row of the first table after the line {@code heading}
   * (written out with its #s); fails when the heading or its table is missing, so that a test
   * reading a moved table fails instead of checking nothing.
   */
  public List<List<String>> table(String heading) {
    int start = prose.indexOf(heading);
    if (start < 0) {
      throw new AssertionError(path + " has no line '" + heading + "'");
    }
    List<List<String>> rows = new ArrayList<>();
    int tableLine = 0;
    for (String line : prose.subList(start + 1, prose.size())) {
      if (line.startsWith("|")) {
        tableLine++;
        if (tableLine > 2) {
          rows.add(
              UNESCAPED_PIPE
                  .splitAsStream(line.substring(1, line.length() - 1))
                  .map(String::strip)
                  .toList());
        }
      } else if (tableLine > 0 || HEADING.matcher(line).matches()) {
        break;
      }
    }
    if (rows.isEmpty()) {
      throw new AssertionError(path + " has no table under '" + heading + "'");
    }
    return rows;
  }

  /**
   * The lines of the section under the line {@code heading} (written out with its #s), code blocks
   * left out, up to the next heading of its level or above; fails when the heading is missing.
   */
  public List<String> section(String heading) {
    int start = prose.indexOf(heading);
    if (start < 0) {
      throw new AssertionError(path + " has no line '" + heading + "'");
    }
    int level = heading.indexOf(' ');
    List<String> lines = new ArrayList<>();
    for (String line : prose.subList(start + 1, prose.size())) {
      Matcher next = HEADING.matcher(line);
      if (next.matches() && next.group(1).length() <= level) {
        break;
      }
      lines.add(line);
    }
    return lines;
  }

  /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces as -. */
  public Set<String> anchors() {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : prose) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String anchor =
            heading
                .group(2)
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                .replace(' ', '-');
        int earlier = seen.merge(anchor, 1, Integer::sum) - 1;
        anchors.add(earlier == 0 ? anchor : anchor + "-" + earlier);
      }
    }
    return anchors;
  }

  /** The targets of the links outside code blocks, as written. */
  public List<String> links() {
    List<String> links = new ArrayList<>();
    for (String line : prose) {
      Matcher link = LINK.matcher(line);
      while (link.find()) {
        links.add(link.group(1));
      }
    }
    return links;
  }
}
