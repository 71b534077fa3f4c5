package org.causalgym.operator.promql.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.causalgym.operator.promql.template.TemplateToken.Type;

/**
 * Go's text/template lexer with the default delimiters: the items of a template, ending with EOF or
 * with the first error. A port of go1.19 src/text/template/parse/lex.go (Debian golang-1.19-src
 * 1.19.8, the Go Debian's promtool 2.42 is built with). go1.20's lex.go runs without a goroutine
 * and yields the same items, but for a stray ")" (see TemplateDialect#strayRightParenFirst).
 */
final class TemplateLexer {

  private static final int EOF = -1;
  private static final String LEFT_DELIM = "{{";
  private static final String RIGHT_DELIM = "}}";
  private static final String LEFT_COMMENT = "/*";
  private static final String RIGHT_COMMENT = "*/";

  /** A trim marker and the space beside it (lex.go, trimMarkerLen). */
  private static final int TRIM_MARKER_LENGTH = 2;

  /** lex.go, key; break and continue only when the grammar has them (go1.18). */
  private static final Map<String, Type> KEYWORDS =
      Map.ofEntries(
          Map.entry("block", Type.BLOCK),
          Map.entry("break", Type.BREAK),
          Map.entry("continue", Type.CONTINUE),
          Map.entry("define", Type.DEFINE),
          Map.entry("else", Type.ELSE),
          Map.entry("end", Type.END),
          Map.entry("if", Type.IF),
          Map.entry("range", Type.RANGE),
          Map.entry("nil", Type.NIL),
          Map.entry("template", Type.TEMPLATE),
          Map.entry("with", Type.WITH));

  private enum State {
    TEXT,
    LEFT_DELIM,
    COMMENT,
    RIGHT_DELIM,
    INSIDE_ACTION,
    SPACE,
    IDENTIFIER,
    FIELD,
    VARIABLE,
    CHAR,
    NUMBER,
    QUOTE,
    RAW_QUOTE
  }

  private final String input;
  private final TemplateDialect dialect;
  private final List<TemplateToken> tokens = new ArrayList<>();
  private int pos;
  private int start;
  private boolean atEof;
  private int parenDepth;
  private int line = 1;
  private int startLine = 1;

  private TemplateLexer(String input, TemplateDialect dialect) {
    this.input = input;
    this.dialect = dialect;
  }

  /** The items of input as the dialect's Go lexes them, the last one EOF or ERROR. */
  static List<TemplateToken> lex(String input, TemplateDialect dialect) {
    TemplateLexer lexer = new TemplateLexer(input, dialect);
    State state = State.TEXT;
    while (state != null) {
      state = lexer.step(state);
    }
    return lexer.tokens;
  }

  private State step(State state) {
    return switch (state) {
      case TEXT -> lexText();
      case LEFT_DELIM -> lexLeftDelim();
      case COMMENT -> lexComment();
      case RIGHT_DELIM -> lexRightDelim();
      case INSIDE_ACTION -> lexInsideAction();
      case SPACE -> lexSpace();
      case IDENTIFIER -> lexIdentifier();
      case FIELD -> lexFieldOrVariable(Type.FIELD);
      case VARIABLE -> lexVariable();
      case CHAR -> lexQuoted('\'', Type.CHAR_CONSTANT, "unterminated character constant");
      case NUMBER -> lexNumber();
      case QUOTE -> lexQuoted('"', Type.STRING, "unterminated quoted string");
      case RAW_QUOTE -> lexRawQuote();
    };
  }

  /** The next character, a whole code point as Go reads a rune. */
  private int next() {
    if (pos >= input.length()) {
      atEof = true;
      return EOF;
    }
    int c = input.codePointAt(pos);
    pos += Character.charCount(c);
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private int peek() {
    int r = next();
    backup();
    return r;
  }

  /** Steps back one character; like Go's, a no-op once the end was read. */
  private void backup() {
    if (!atEof && pos > 0) {
      int c = input.codePointBefore(pos);
      pos -= Character.charCount(c);
      if (c == '\n') {
        line--;
      }
    }
  }

  private void emit(Type type) {
    tokens.add(new TemplateToken(type, input.substring(start, pos), startLine));
    start = pos;
    startLine = line;
  }

  private void ignore() {
    line += newlines(start, pos);
    start = pos;
    startLine = line;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private void acceptRun(String valid) {
    int r = next();
    while (r != EOF && valid.indexOf(r) >= 0) {
      r = next();
    }
    backup();
  }

  private State error(String message) {
    tokens.add(new TemplateToken(Type.ERROR, message, startLine));
    return null;
  }

  private int newlines(int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (input.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private State lexText() {
    int x = input.indexOf(LEFT_DELIM, pos);
    if (x >= 0) {
      pos = x;
      int trimLength = 0;
      if (hasLeftTrimMarker(pos + LEFT_DELIM.length())) {
        trimLength = rightTrimLength(start, pos);
      }
      pos -= trimLength;
      if (pos > start) {
        line += newlines(start, pos);
        emit(Type.TEXT);
      }
      pos += trimLength;
      ignore();
      return State.LEFT_DELIM;
    }
    pos = input.length();
    if (pos > start) {
      line += newlines(start, pos);
      emit(Type.TEXT);
    }
    emit(Type.EOF);
    return null;
  }

  private int rightTrimLength(int from, int to) {
    int i = to;
    while (i > from && isSpace(input.charAt(i - 1))) {
      i--;
    }
    return to - i;
  }

  private int leftTrimLength(int from) {
    int i = from;
    while (i < input.length() && isSpace(input.charAt(i))) {
      i++;
    }
    return i - from;
  }

  /** Whether a right delimiter, possibly after a trim marker, starts here: {delim, trim}. */
  private boolean[] atRightDelim() {
    if (hasRightTrimMarker(pos) && input.startsWith(RIGHT_DELIM, pos + TRIM_MARKER_LENGTH)) {
      return new boolean[] {true, true};
    }
    return new boolean[] {input.startsWith(RIGHT_DELIM, pos), false};
  }

  private State lexLeftDelim() {
    pos += LEFT_DELIM.length();
    boolean trimSpace = hasLeftTrimMarker(pos);
    int afterMarker = trimSpace ? TRIM_MARKER_LENGTH : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return State.COMMENT;
    }
    emit(Type.LEFT_DELIM);
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return State.INSIDE_ACTION;
  }

  private State lexComment() {
    pos += LEFT_COMMENT.length();
    int i = input.indexOf(RIGHT_COMMENT, pos);
    if (i < 0) {
      return error("unclosed comment");
    }
    pos = i + RIGHT_COMMENT.length();
    boolean[] delim = atRightDelim();
    if (!delim[0]) {
      return error("comment ends before closing delimiter");
    }
    if (delim[1]) {
      pos += TRIM_MARKER_LENGTH;
    }
    pos += RIGHT_DELIM.length();
    if (delim[1]) {
      pos += leftTrimLength(pos);
    }
    ignore();
    return State.TEXT;
  }

  private State lexRightDelim() {
    boolean trimSpace = hasRightTrimMarker(pos);
    if (trimSpace) {
      pos += TRIM_MARKER_LENGTH;
      ignore();
    }
    pos += RIGHT_DELIM.length();
    emit(Type.RIGHT_DELIM);
    if (trimSpace) {
      pos += leftTrimLength(pos);
      ignore();
    }
    return State.TEXT;
  }

  private State lexInsideAction() {
    if (atRightDelim()[0]) {
      return parenDepth == 0 ? State.RIGHT_DELIM : error("unclosed left paren");
    }
    int r = next();
    if (r == EOF) {
      return error("unclosed action");
    }
    if (isSpace(r)) {
      backup();
      return State.SPACE;
    }
    switch (r) {
      case '=':
        emit(Type.ASSIGN);
        return State.INSIDE_ACTION;
      case ':':
        if (next() != '=') {
          return error("expected :=");
        }
        emit(Type.DECLARE);
        return State.INSIDE_ACTION;
      case '|':
        emit(Type.PIPE);
        return State.INSIDE_ACTION;
      case '"':
        return State.QUOTE;
      case '`':
        return State.RAW_QUOTE;
      case '$':
        return State.VARIABLE;
      case '\'':
        return State.CHAR;
      case '(':
        emit(Type.LEFT_PAREN);
        parenDepth++;
        return State.INSIDE_ACTION;
      case ')':
        parenDepth--;
        if (parenDepth < 0 && dialect.strayRightParenFirst()) {
          return error("unexpected right paren");
        }
        emit(Type.RIGHT_PAREN);
        return parenDepth < 0
            ? error("unexpected right paren " + GoLiterals.codePoint(r))
            : State.INSIDE_ACTION;
      default:
        break;
    }
    if (r == '.') {
      // A digit after the dot makes a number; anything else a field.
      if (pos < input.length()) {
        char c = input.charAt(pos);
        if (c < '0' || '9' < c) {
          return State.FIELD;
        }
      }
      backup();
      return State.NUMBER;
    }
    if (r == '+' || r == '-' || ('0' <= r && r <= '9')) {
      backup();
      return State.NUMBER;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return State.IDENTIFIER;
    }
    if (r <= 0x7f && r >= 0x20 && r != 0x7f) {
      emit(Type.CHAR);
      return State.INSIDE_ACTION;
    }
    return error("unrecognized character in action: " + GoLiterals.codePoint(r));
  }

  private State lexSpace() {
    int spaces = 0;
    while (isSpace(peek())) {
      next();
      spaces++;
    }
    // A space may be the one of a trim-marked right delimiter " -}}".
    if (hasRightTrimMarker(pos - 1)
        && input.startsWith(RIGHT_DELIM, pos - 1 + TRIM_MARKER_LENGTH)) {
      backup();
      if (spaces == 1) {
        return State.RIGHT_DELIM;
      }
    }
    emit(Type.SPACE);
    return State.INSIDE_ACTION;
  }

  private State lexIdentifier() {
    int r = next();
    while (isAlphaNumeric(r)) {
      r = next();
    }
    backup();
    String word = input.substring(start, pos);
    if (!atTerminator()) {
      return error("bad character " + GoLiterals.codePoint(r));
    }
    Type keyword = KEYWORDS.get(word);
    boolean disabled =
        (keyword == Type.BREAK || keyword == Type.CONTINUE) && !dialect.breakAndContinue();
    if (keyword != null && !disabled) {
      emit(keyword);
    } else if (word.equals("true") || word.equals("false")) {
      emit(Type.BOOL);
    } else {
      emit(Type.IDENTIFIER);
    }
    return State.INSIDE_ACTION;
  }

  private State lexVariable() {
    if (atTerminator()) {
      emit(Type.VARIABLE);
      return State.INSIDE_ACTION;
    }
    return lexFieldOrVariable(Type.VARIABLE);
  }

  private State lexFieldOrVariable(Type type) {
    if (atTerminator()) {
      emit(type == Type.VARIABLE ? Type.VARIABLE : Type.DOT);
      return State.INSIDE_ACTION;
    }
    int r = next();
    while (isAlphaNumeric(r)) {
      r = next();
    }
    backup();
    if (!atTerminator()) {
      return error("bad character " + GoLiterals.codePoint(r));
    }
    emit(type);
    return State.INSIDE_ACTION;
  }

  /** What may follow an identifier, field or variable (lex.go, atTerminator). */
  private boolean atTerminator() {
    int r = peek();
    if (isSpace(r)) {
      return true;
    }
    switch (r) {
      case EOF, '.', ',', '|', ':', ')', '(':
        return true;
      default:
        return input.startsWith(RIGHT_DELIM, pos);
    }
  }

  /**
   * A character constant or an interpreted string (lex.go, lexChar and lexQuote): up to the closing
   * quote, escapes skipped, never across a line.
   */
  private State lexQuoted(char quote, Type type, String unterminated) {
    while (true) {
      int r = next();
      if (r == '\\') {
        r = next();
        if (r != EOF && r != '\n') {
          continue;
        }
      }
      if (r == EOF || r == '\n') {
        return error(unterminated);
      }
      if (r == quote) {
        break;
      }
    }
    emit(type);
    return State.INSIDE_ACTION;
  }

  private State lexNumber() {
    if (!scanNumber()) {
      return error("bad number syntax: " + GoLiterals.quote(input.substring(start, pos)));
    }
    int sign = peek();
    if (sign == '+' || sign == '-') {
      // A complex constant, 1+2i: no spaces, ending in 'i'.
      if (!scanNumber() || input.charAt(pos - 1) != 'i') {
        return error("bad number syntax: " + GoLiterals.quote(input.substring(start, pos)));
      }
      emit(Type.COMPLEX);
    } else {
      emit(Type.NUMBER);
    }
    return State.INSIDE_ACTION;
  }

  /** lex.go, scanNumber: loose on purpose; the parser checks the number as strconv does. */
  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 10 + 1 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 16 + 6 + 1 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  }

  private State lexRawQuote() {
    while (true) {
      int r = next();
      if (r == EOF) {
        return error("unterminated raw quoted string");
      }
      if (r == '`') {
        break;
      }
    }
    emit(Type.RAW_STRING);
    return State.INSIDE_ACTION;
  }

  private static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\r' || r == '\n';
  }

  private static boolean isAlphaNumeric(int r) {
    return r == '_' || (r != EOF && (Character.isLetter(r) || Character.isDigit(r)));
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
  }

  private boolean hasRightTrimMarker(int at) {
    return at >= 0
        && at + 1 < input.length()
        && isSpace(input.charAt(at))
        && input.charAt(at + 1) == '-';
  }
}
