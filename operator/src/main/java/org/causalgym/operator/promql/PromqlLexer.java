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
    throw new PromqlException(start + 1, "unexpected character \"" + c + "\"");
  }

  private void skipSpaceAndComments() {
    while (pos < input.length()) {
      char c = input.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < input.length() && input.charAt(pos) != '\n') {
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

  /** A quoted string with Go's escapes, as Prometheus' lexer accepts them. */
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
      if (pos >= input.length()) {
        throw new PromqlException(start + 1, "unterminated quoted string");
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
        case 'x' -> value.appendCodePoint(digits(16, 2, pos - 2));
        case 'u' -> value.appendCodePoint(digits(16, 4, pos - 2));
        case 'U' -> value.appendCodePoint(digits(16, 8, pos - 2));
        default -> {
          if (e == quote) {
            value.append(e);
          } else if (e >= '0' && e <= '7') {
            pos--;
            value.appendCodePoint(digits(8, 3, pos - 1));
          } else {
            throw new PromqlException(pos - 1, "unknown escape sequence \"\\" + e + "\"");
          }
        }
      }
    }
  }

  private int digits(int radix, int count, int escapeStart) throws PromqlException {
    if (pos + count > input.length()) {
      throw new PromqlException(escapeStart + 1, "escape sequence is too short");
    }
    String digits = input.substring(pos, pos + count);
    try {
      int value = Integer.parseUnsignedInt(digits, radix);
      pos += count;
      if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
        throw new PromqlException(
            escapeStart + 1, "escape sequence is an invalid Unicode code point");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new PromqlException(escapeStart + 1, "illegal character in escape sequence");
    }
  }
}
