package org.causalgym.operator.promql;

/**
 * One token of an expression.
 *
 * @param kind what the token is
 * @param text the text as written (for strings: the value, escapes resolved)
 * @param column the 1-based column where it starts
 */
record PromqlToken(Kind kind, String text, int column) {

  /** The kinds of token the lexer produces. */
  enum Kind {
    NUMBER,
    STRING,
    DURATION,
    IDENTIFIER,
    METRIC_IDENTIFIER,
    OPERATOR,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACE,
    RIGHT_BRACE,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    COLON,
    AT,
    EOF
  }

  boolean is(Kind expected) {
    return kind == expected;
  }

  /** Whether the token is this operator or keyword; keywords compare case-insensitively. */
  boolean isWord(String word) {
    return (kind == Kind.IDENTIFIER || kind == Kind.OPERATOR) && text.equalsIgnoreCase(word);
  }

  String describe() {
    return kind == Kind.EOF ? "end of input" : "\"" + text + "\"";
  }
}
