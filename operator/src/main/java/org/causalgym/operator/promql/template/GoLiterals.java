package org.causalgym.operator.promql.template;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Go's literals as a template's parser checks them: strings and characters unquoted as {@code
 * strconv.Unquote}/{@code UnquoteChar} do, numbers as {@code NumberNode} reads them through {@code
 * strconv.ParseUint/ParseInt/ParseFloat} (go1.19 src/text/template/parse/node.go, newNumber;
 * src/strconv/quote.go, atoi.go, atof.go), and values quoted as {@code %q} and {@code %#U} print.
 */
final class GoLiterals {

  /** strconv's message for any malformed literal (strconv.ErrSyntax). */
  static final String INVALID_SYNTAX = "invalid syntax";

  /** What the escapes a, b, f, n, r, t, v and backslash stand for, in that order. */
  private static final String ESCAPES = "\u0007\b\f\n\r\t\u000b\\";

  private static final Pattern DECIMAL_FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern HEX_FLOAT =
      Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?\\d+");
  private static final BigInteger MAX_UINT64 =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger MAX_INT64 = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_INT64 = BigInteger.valueOf(Long.MIN_VALUE);

  private GoLiterals() {}

  /** A quoted or raw string item's value as strconv.Unquote reads it, or empty if it refuses it. */
  static Optional<String> unquote(String quoted) {
    char quote = quoted.charAt(0);
    String body = quoted.substring(1, quoted.length() - 1);
    if (quote == '`') {
      // The lexer ended it at the first backquote; Unquote drops carriage returns.
      return Optional.of(body.replace("\r", ""));
    }
    StringBuilder value = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      if (body.charAt(i) == '\n') {
        return Optional.empty();
      }
      int next = unquoteChar(body, i, quote, value);
      if (next < 0) {
        return Optional.empty();
      }
      i = next;
    }
    return Optional.of(value.toString());
  }

  /** Why a character constant item is refused (node.go, newNumber), or empty when it is one. */
  static Optional<String> charConstantProblem(String text) {
    int next = unquoteChar(text, 1, '\'', new StringBuilder());
    if (next < 0) {
      return Optional.of(INVALID_SYNTAX);
    }
    if (!text.substring(next).equals("'")) {
      return Optional.of("malformed character constant: " + text);
    }
    return Optional.empty();
  }

  /**
   * strconv.UnquoteChar from s[at] inside a literal quoted by quote: appends the character to value
   * and says where the next starts, or -1 when the one at at is malformed.
   */
  private static int unquoteChar(String s, int at, char quote, StringBuilder value) {
    if (at >= s.length()) {
      return -1;
    }
    char c = s.charAt(at);
    if (c == quote && (quote == '\'' || quote == '"')) {
      return -1;
    }
    if (c != '\\') {
      value.appendCodePoint(s.codePointAt(at));
      return at + Character.charCount(s.codePointAt(at));
    }
    if (at + 1 >= s.length()) {
      return -1;
    }
    char e = s.charAt(at + 1);
    int rest = at + 2;
    switch (e) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\':
        value.append(ESCAPES.charAt("abfnrtv\\".indexOf(e)));
        return rest;
      case '\'', '"':
        value.append(e);
        return e == quote ? rest : -1;
      case 'x', 'u', 'U':
        {
          int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (rest + n > s.length()) {
            return -1;
          }
          long v = 0;
          for (int j = 0; j < n; j++) {
            int digit = Character.digit(s.charAt(rest + j), 16);
            if (digit < 0 || s.charAt(rest + j) > 'f') {
              return -1;
            }
            v = v << 4 | digit;
          }
          boolean validRune = v <= Character.MAX_CODE_POINT && (v < 0xD800 || v > 0xDFFF);
          if (e != 'x' && !validRune) {
            return -1;
          }
          value.appendCodePoint((int) v);
          return rest + n;
        }
      case '0', '1', '2', '3', '4', '5', '6', '7':
        {
          if (rest + 2 > s.length()) {
            return -1;
          }
          int v = e - '0';
          for (int j = 0; j < 2; j++) {
            int digit = s.charAt(rest + j) - '0';
            if (digit < 0 || digit > 7) {
              return -1;
            }
            v = (v << 3) | digit;
          }
          value.append((char) v);
          return v > 255 ? -1 : rest + 2;
        }
      default:
        return -1;
    }
  }

  /** Why a number or complex item is refused (node.go, newNumber), or empty when it is one. */
  static Optional<String> numberProblem(String text, boolean complex) {
    if (complex) {
      int sign = 1;
      while (sign < text.length() - 1
          && ("+-".indexOf(text.charAt(sign)) < 0 || "eEpP".indexOf(text.charAt(sign - 1)) >= 0)) {
        sign++;
      }
      String real = text.substring(0, sign);
      String imaginary = text.substring(sign, text.length() - 1);
      // fmt.Sscan reads it (node.go, newNumber); its message for a malformed part is fmt's.
      return isFloat(real) && isFloat(imaginary)
          ? Optional.empty()
          : Optional.of("syntax error scanning complex number");
    }
    if (text.endsWith("i") && isFloat(text.substring(0, text.length() - 1))) {
      return Optional.empty();
    }
    if (isInteger(text)) {
      return Optional.empty();
    }
    if (isFloat(text)) {
      // A float that looks like an integer is one too large for 64 bits.
      return text.matches(".*[.eEpP].*")
          ? Optional.empty()
          : Optional.of("integer overflow: " + quote(text));
    }
    return Optional.of("illegal number syntax: " + quote(text));
  }

  /** Whether strconv.ParseUint or ParseInt with base 0 and 64 bits accepts text. */
  private static boolean isInteger(String text) {
    boolean negative = text.startsWith("-");
    String s = text.startsWith("+") || negative ? text.substring(1) : text;
    if (s.isEmpty()) {
      return false;
    }
    int base = 10;
    String digits = s;
    if (s.charAt(0) == '0') {
      char prefix = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : 0;
      base = prefix == 'b' ? 2 : prefix == 'o' ? 8 : prefix == 'x' ? 16 : 8;
      digits = s.substring(prefix == 'b' || prefix == 'o' || prefix == 'x' ? 2 : 1);
    }
    BigInteger value = BigInteger.ZERO;
    boolean underscores = false;
    for (char c : digits.toCharArray()) {
      if (c == '_') {
        underscores = true;
        continue;
      }
      int d = Character.digit(c, 36);
      if (d < 0 || d >= base || c > 'z') {
        return false;
      }
      value = value.multiply(BigInteger.valueOf(base)).add(BigInteger.valueOf(d));
    }
    if (underscores && !underscoresOk(s)) {
      return false;
    }
    if (negative) {
      return value.negate().compareTo(MIN_INT64) >= 0;
    }
    return value.compareTo(text.startsWith("+") ? MAX_INT64 : MAX_UINT64) <= 0;
  }

  /** Whether strconv.ParseFloat with 64 bits accepts text, in range. */
  private static boolean isFloat(String text) {
    String s = text.replace("_", "");
    if (!DECIMAL_FLOAT.matcher(s).matches() && !HEX_FLOAT.matcher(s).matches()) {
      return false;
    }
    if (!s.equals(text) && !underscoresOk(text)) {
      return false;
    }
    return !Double.isInfinite(Double.parseDouble(s));
  }

  /** strconv's underscoreOK: underscores only between digits or after a base prefix. */
  private static boolean underscoresOk(String text) {
    String s = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
    char saw = '^';
    int i = 0;
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0' && "bBoOxX".indexOf(s.charAt(1)) >= 0) {
      i = 2;
      saw = '0';
      hex = Character.toLowerCase(s.charAt(1)) == 'x';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      char lower = Character.toLowerCase(c);
      if (('0' <= c && c <= '9') || (hex && 'a' <= lower && lower <= 'f')) {
        saw = '0';
      } else if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
      } else {
        if (saw == '_') {
          return false;
        }
        saw = '!';
      }
    }
    return saw != '_';
  }

  /** s as Go's %q prints it (strconv.Quote). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 7 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 11 -> b.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    b.append(String.format("\\x%02x", c));
                  } else if (c >= 0x80 && Character.isISOControl(c)) {
                    b.append(String.format("\\u%04x", c));
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  /** A character as Go's %#U prints it: U+0029 ')'. */
  static String codePoint(int c) {
    String hex = String.format("U+%04X", c);
    boolean printable = c >= 0x20 && c != 0x7f && !Character.isISOControl(c);
    return printable ? hex + " '" + new String(Character.toChars(c)) + "'" : hex;
  }
}
