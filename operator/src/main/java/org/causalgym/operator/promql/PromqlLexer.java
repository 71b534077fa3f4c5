package org.causalgym.operator.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalgym.operator.promql.PromqlToken.Kind;

/** Splits an expression into tokens the way Prometheus' lexer does. */
final class PromqlLexer {

  private static final Pattern DURATION =
      Pattern.compile("([0-9]+(ms|[ywdhms]))+(?![A-Za-z0-9_.])");

  /**
   * Underscores may stand between digits (and after 0x) from v2.54.0 (lex.go scanNumber); the
   * parser names the releases that lack them.
   */
  private static final Pattern NUMBER =
      Pattern.compile(
          "(0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*"
              + "|([0-9]+(?:_[0-9]+)*\\.?(?:[0-9]+(?:_[0-9]+)*)?|\\.[0-9]+(?:_[0-9]+)*)"
              + "([eE][-+]?[0-9]+(?:_[0-9]+)*)?)");

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** Two-character operators first, so that "<=" is not read as "<" and "=". */
  private static final List<String> OPERATORS =
      List.of("==", "!=", "<=", ">=", "=~", "!~", "+", "-", "*", "/", "%", "^", "<", ">", "=");

  private final String input;
  private int pos;

  /** Inside brackets a colon separates a subquery's range and step; outside it starts a name. */
  private int bracketDepth;

  private PromqlLexer(String input) {
    this.input = input;
  }

  static List<PromqlToken> tokens(String input) throws PromqlException {
    PromqlLexer lexer = new PromqlLexer(input);
    List<PromqlToken> tokens = new ArrayList<>();
    PromqlToken token;
    do {
      token = lexer.next();
      tokens.add(token);
    } while (!token.is(Kind.EOF));
    return tokens;
  }

  private PromqlToken next() throws PromqlException {
    skipSpaceAndComments();
    if (pos >= input.length()) {
      return new PromqlToken(Kind.EOF, "", pos + 1);
    }
    int start = pos;
    char c = input.charAt(pos);
    switch (c) {
      case '(':
        return single(Kind.LEFT_PAREN);
      case ')':
        return single(Kind.RIGHT_PAREN);
      case '{':
        return single(Kind.LEFT_BRACE);
      case '}':
        return single(Kind.RIGHT_BRACE);
      case '[':
        bracketDepth++;
        return single(Kind.LEFT_BRACKET);
      case ']':
        bracketDepth--;
        return single(Kind.RIGHT_BRACKET);
      case ',':
        return single(Kind.COMMA);
      case ':':
        if (bracketDepth > 0) {
          return single(Kind.COLON);
        }
        break;
      case '@':
        return single(Kind.AT);
      case '"':
      case '\'':
        return quoted(c);
      case '`':
        return raw();
      default:
        break;
    }
    if (Character.isDigit(c)
        || (c == '.' && pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1)))) {
      return numberOrDuration();
    }
    Matcher name = NAME.matcher(input).region(pos, input.length());
    if (name.lookingAt()) {
      pos = name.end();
      String text = name.group();
      return new PromqlToken(
          text.indexOf(':') >= 0 ? Kind.METRIC_IDENTIFIER : Kind.IDENTIFIER, text, start + 1);
    }
    for (String operator : OPERATORS) {
      if (input.startsWith(operator, pos)) {
        pos += operator.length();
        return new PromqlToken(Kind.OPERATOR, operator, start + 1);
      }
    }
    throw new PromqlException(start + 1, "unexpected character " + goRune(c));
  }

  /**
   * Only Go's four white-space characters separate tokens, and a comment ends at either line break
   * (isSpace and isEndOfLine in promql/parser/lex.go, v2.42.0): a form feed or a Unicode space is
   * an unexpected character there.
   */
  private void skipSpaceAndComments() {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else if (c == '#') {
        while (pos < input.length() && input.charAt(pos) != '\n' && input.charAt(pos) != '\r') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private PromqlToken single(Kind kind) {
    pos++;
    return new PromqlToken(kind, input.substring(pos - 1, pos), pos);
  }

  private PromqlToken numberOrDuration() throws PromqlException {
    int start = pos;
    Matcher duration = DURATION.matcher(input).region(pos, input.length());
    if (duration.lookingAt()) {
      pos = duration.end();
      return new PromqlToken(Kind.DURATION, duration.group(), start + 1);
    }
    Matcher number = NUMBER.matcher(input).region(pos, input.length());
    if (number.lookingAt()) {
      pos = number.end();
      if (pos < input.length()
          && (Character.isLetterOrDigit(input.charAt(pos))
              || input.charAt(pos) == '_'
              || input.charAt(pos) == '.')) {
        throw new PromqlException(
            start + 1,
            "bad number or duration syntax: \"" + input.substring(start, pos + 1) + "\"");
      }
      return new PromqlToken(Kind.NUMBER, number.group(), start + 1);
    }
    throw new PromqlException(start + 1, "bad number or duration syntax");
  }

  private PromqlToken raw() throws PromqlException {
    int start = pos;
    int end = input.indexOf('`', pos + 1);
    if (end < 0) {
      throw new PromqlException(start + 1, "unterminated raw string");
    }
    pos = end + 1;
    return new PromqlToken(Kind.STRING, input.substring(start + 1, end), start + 1);
  }

  /**
   * A quoted string with the escapes Prometheus' lexer accepts (lexEscape in promql/parser/lex.go,
   * v2.42.0, adapted from Go's go/scanner): the simple escapes and the string's own quote, a
   * backslash and three octal digits up to 377, or x and two hex digits, u and four, U and eight up
   * to U+10FFFF and outside the surrogates U+D800–U+DFFF.
   */
  private PromqlToken quoted(char quote) throws PromqlException {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= input.length() || input.charAt(pos) == '\n') {
        throw new PromqlException(start + 1, "unterminated quoted string");
      }
      char c = input.charAt(pos++);
      if (c == quote) {
        return new PromqlToken(Kind.STRING, value.toString(), start + 1);
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      int escape = pos - 1;
      if (pos >= input.length()) {
        throw new PromqlException(escape + 1, "escape sequence not terminated");
      }
      char e = input.charAt(pos++);
      switch (e) {
        case 'a' -> value.append('\u0007');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'v' -> value.append('\u000b');
        case '\\' -> value.append('\\');
        case 'x' -> value.appendCodePoint(escaped(16, 2, 0xFF, escape));
        case 'u' -> value.appendCodePoint(escaped(16, 4, Character.MAX_CODE_POINT, escape));
        case 'U' -> value.appendCodePoint(escaped(16, 8, Character.MAX_CODE_POINT, escape));
        default -> {
          if (e == quote) {
            value.append(e);
          } else if (e >= '0' && e <= '7') {
            pos--;
            value.appendCodePoint(escaped(8, 3, 0xFF, escape));
          } else {
            throw new PromqlException(escape + 1, "unknown escape sequence " + goRune(e));
          }
        }
      }
    }
  }

  /** The value of count digits in radix at pos, at most max and no surrogate, as lexEscape does. */
  private int escaped(int radix, int count, int max, int escape) throws PromqlException {
    long value = 0;
    for (int i = 0; i < count; i++) {
      if (pos >= input.length()) {
        throw new PromqlException(escape + 1, "escape sequence not terminated");
      }
      char c = input.charAt(pos);
      int digit = Character.digit(c, radix);
      // Character.digit also knows non-ASCII digits, which Go's digitVal does not.
      if (c > 'f' || digit < 0) {
        throw new PromqlException(
            escape + 1, "illegal character " + goRune(c) + " in escape sequence");
      }
      value = value * radix + digit;
      pos++;
    }
    if (value > max || (value >= 0xD800 && value < 0xE000)) {
      throw new PromqlException(escape + 1, "escape sequence is an invalid Unicode code point");
    }
    return (int) value;
  }

  /** A character as Go's %#U prints it: U+0067 'g'. */
  private static String goRune(char c) {
    String code = String.format("U+%04X", (int) c);
    return Character.isISOControl(c) ? code : code + " '" + c + "'";
  }
}
