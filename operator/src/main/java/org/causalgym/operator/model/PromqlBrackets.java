package org.causalgym.operator.model;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The bracket and quote structure of a PromQL expression: the part of PromQL syntax the operator
 * can check without a PromQL parser; promtool checks the rest in the tests.
 */
final class PromqlBrackets {

  private PromqlBrackets() {}

  /** What is wrong with the brackets and quotes of expr, or null when they balance. */
  static String firstProblem(String expr) {
    Deque<Character> open = new ArrayDeque<>();
    char quote = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '"', '\'', '`' -> quote = c;
        case '(', '[', '{' -> open.push(c);
        case ')', ']', '}' -> {
          char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
          if (open.isEmpty() || open.pop() != expected) {
            return "has an unmatched '" + c + "' at position " + (i + 1);
          }
        }
        default -> {}
      }
    }
    if (quote != 0) {
      return "has an unterminated string literal";
    }
    return open.isEmpty() ? null : "has an unclosed '" + open.peek() + "'";
  }
}
