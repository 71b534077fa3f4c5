package org.causalgym.operator.promql.template;

/**
 * One item of Go's template lexer: its type, its text (for an error item, the message) and the line
 * it starts on (go1.19 src/text/template/parse/lex.go, {@code item}).
 *
 * @param type what the item is
 * @param text the input it covers, or the lexer's message for {@link Type#ERROR}
 * @param line the line the item starts on, from 1
 */
record TemplateToken(Type type, String text, int line) {

  /** Go's {@code itemType}s; those from BLOCK on are its keywords ({@code itemKeyword}). */
  enum Type {
    ERROR,
    BOOL,
    CHAR,
    CHAR_CONSTANT,
    COMPLEX,
    ASSIGN,
    DECLARE,
    EOF,
    FIELD,
    IDENTIFIER,
    LEFT_DELIM,
    LEFT_PAREN,
    NUMBER,
    PIPE,
    RAW_STRING,
    RIGHT_DELIM,
    RIGHT_PAREN,
    SPACE,
    STRING,
    TEXT,
    VARIABLE,
    BLOCK,
    BREAK,
    CONTINUE,
    DOT,
    DEFINE,
    ELSE,
    END,
    IF,
    NIL,
    RANGE,
    TEMPLATE,
    WITH;

    boolean isKeyword() {
      return compareTo(BLOCK) >= 0;
    }
  }

  /** The item as Go's parse errors print it ({@code item.String} in lex.go). */
  @Override
  public String toString() {
    if (type == Type.EOF) {
      return "EOF";
    }
    if (type == Type.ERROR) {
      return text;
    }
    if (type.isKeyword()) {
      return "<" + text + ">";
    }
    if (text.codePointCount(0, text.length()) > 10) {
      return GoLiterals.quote(text.substring(0, text.offsetByCodePoints(0, 10))) + "...";
    }
    return GoLiterals.quote(text);
  }
}
