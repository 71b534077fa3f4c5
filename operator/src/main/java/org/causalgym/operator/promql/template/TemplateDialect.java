package org.causalgym.operator.promql.template;

import java.util.Set;

/**
 * The template language a Prometheus release parses alerts with: the Go its release binaries are
 * built with (which decides text/template's grammar) and the functions it defines. Which release
 * has which is the caller's knowledge.
 *
 * @param goMinor the Go release, 1.goMinor
 * @param functions every function a template may call
 */
public record TemplateDialect(int goMinor, Set<String> functions) {

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
