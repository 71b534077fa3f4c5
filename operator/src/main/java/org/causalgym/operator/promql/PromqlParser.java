package org.causalgym.operator.promql;

import com.google.re2j.PatternSyntaxException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.promql.PromqlToken.Kind;

/**
 * A parser of PromQL following Prometheus' grammar and type checks (promql/parser of Prometheus
 * 2.42 to 3.5): what it accepts, every release of the target accepts, and what it refuses it names
 * with the column and what was expected, or with the construct and the releases that lack it.
 *
 * <p>It parses the union of the supported releases' grammars once, noting each construct that only
 * some releases load (functions, quoted names, experimental aggregators, regex syntax; see
 * VersionedConstruct and PromqlFunctions), then checks those against the target.
 */
public final class PromqlParser {

  /** What the parser knows of a parsed expression: its kind, its type and where it starts. */
  private record Expr(Node node, PromqlType type, int column) {}

  /** A construct that only some releases load, and where the expression uses it. */
  private record Use(VersionedConstruct construct, int column) {}

  private enum Node {
    NUMBER,
    STRING,
    VECTOR_SELECTOR,
    MATRIX_SELECTOR,
    SUBQUERY,
    CALL,
    AGGREGATE,
    BINARY,
    UNARY,
    PAREN
  }

  private static final Set<String> AGGREGATORS =
      Set.of(
          "sum",
          "avg",
          "count",
          "min",
          "max",
          "group",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "count_values",
          "quantile",
          "limitk",
          "limit_ratio");

  /** Aggregators taking a parameter before the vector (lex.go IsAggregatorWithParam). */
  private static final Set<String> PARAMETER_AGGREGATORS =
      Set.of("topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio");

  /** Experimental aggregators (lex.go IsExperimentalAggregator at v3.1.0; parse.go at v2.54.0). */
  private static final Set<String> EXPERIMENTAL_AGGREGATORS = Set.of("limitk", "limit_ratio");

  /** A label name under model.LegacyValidation (prometheus/common model/labels.go). */
  private static final String LEGACY_LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";

  /** Words that are operators or modifiers, never metric names. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "atan2",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset");

  /**
   * Keywords that the grammar's metric_identifier does not list, so they never start an expression
   * (promql/parser/generated_parser.y, v2.42.0): "bool" alone is refused, "by" alone is a metric.
   */
  private static final Set<String> NEVER_METRIC_NAMES =
      Set.of("atan2", "bool", "on", "ignoring", "group_left", "group_right");

  /**
   * Words that the grammar's maybe_label does not list, so they are no label name in by, without,
   * on, ignoring or group_x: "without" is a keyword there, Inf and NaN are numbers
   * (generated_parser.y and lex.go, v2.42.0).
   */
  private static final Set<String> NEVER_GROUPING_LABELS = Set.of("without", "inf", "nan");

  /** Binary operators by precedence; ^ alone associates to the right. */
  private static final Map<String, Integer> PRECEDENCE =
      Map.ofEntries(
          Map.entry("or", 1),
          Map.entry("and", 2),
          Map.entry("unless", 2),
          Map.entry("==", 3),
          Map.entry("!=", 3),
          Map.entry("<=", 3),
          Map.entry("<", 3),
          Map.entry(">=", 3),
          Map.entry(">", 3),
          Map.entry("+", 4),
          Map.entry("-", 4),
          Map.entry("*", 5),
          Map.entry("/", 5),
          Map.entry("%", 5),
          Map.entry("atan2", 5),
          Map.entry("^", 6));

  private static final int POWER = 6;
  private static final Set<String> COMPARISONS = Set.of("==", "!=", "<=", "<", ">=", ">");
  private static final Set<String> SET_OPERATORS = Set.of("and", "or", "unless");

  private static final Set<String> DURATION_OPERATORS = Set.of("+", "-", "*", "/", "%", "^");

  private final List<PromqlToken> tokens;
  private final PrometheusTarget target;
  private final List<Use> uses = new ArrayList<>();
  private int pos;

  private PromqlParser(List<PromqlToken> tokens, PrometheusTarget target) {
    this.tokens = tokens;
    this.target = target;
  }

  /**
   * The type of an expression valid on every release of the target; an exception naming column,
   * problem and the releases for any other.
   */
  public static PromqlType parse(String expression, PrometheusTarget target)
      throws PromqlException {
    PromqlParser parser = new PromqlParser(PromqlLexer.tokens(expression), target);
    if (parser.peek().is(Kind.EOF)) {
      throw new PromqlException(1, "no expression found in input");
    }
    Expr expr = parser.expression(0);
    if (!parser.peek().is(Kind.EOF)) {
      throw parser.unexpected("end of input after " + parser.before());
    }
    for (Use use : parser.uses) {
      var problem = use.construct().problemOn(target);
      if (problem.isPresent()) {
        throw new PromqlException(use.column(), problem.get());
      }
    }
    return expr.type();
  }

  // --- expressions ---

  private Expr expression(int minPrecedence) throws PromqlException {
    Expr left = unary();
    while (true) {
      PromqlToken operator = peek();
      Integer precedence = binaryPrecedence(operator);
      if (precedence == null || precedence < minPrecedence) {
        return left;
      }
      pos++;
      String op = operator.text().toLowerCase(Locale.ROOT);
      boolean returnBool = false;
      if (peek().isWord("bool")) {
        pos++;
        returnBool = true;
      }
      List<String> matching = List.of();
      boolean on = false;
      boolean grouping = false;
      List<String> include = List.of();
      if (peek().isWord("on") || peek().isWord("ignoring")) {
        on = next().isWord("on");
        matching = labelList();
        if (peek().isWord("group_left") || peek().isWord("group_right")) {
          pos++;
          grouping = true;
          if (peek().is(Kind.LEFT_PAREN)) {
            include = labelList();
          }
        }
      }
      Expr right = expression(op.equals("^") ? precedence : precedence + 1);
      left = binary(operator, op, left, right, returnBool, on, matching, grouping, include);
    }
  }

  private static Integer binaryPrecedence(PromqlToken token) {
    if (token.is(Kind.OPERATOR) || token.is(Kind.IDENTIFIER)) {
      return PRECEDENCE.get(token.text().toLowerCase(Locale.ROOT));
    }
    return null;
  }

  private Expr binary(
      PromqlToken at,
      String op,
      Expr left,
      Expr right,
      boolean returnBool,
      boolean on,
      List<String> matching,
      boolean grouping,
      List<String> include)
      throws PromqlException {
    int column = left.column();
    if (returnBool && !COMPARISONS.contains(op)) {
      throw new PromqlException(column, "bool modifier can only be used on comparison operators");
    }
    if (COMPARISONS.contains(op)
        && !returnBool
        && left.type() == PromqlType.SCALAR
        && right.type() == PromqlType.SCALAR) {
      throw new PromqlException(column, "comparisons between scalars must use BOOL modifier");
    }
    if (on) {
      for (String label : matching) {
        if (include.contains(label)) {
          throw new PromqlException(
              column, "label \"" + label + "\" must not occur in ON and GROUP clause at once");
        }
      }
    }
    for (Expr operand : List.of(left, right)) {
      if (operand.type() != PromqlType.SCALAR && operand.type() != PromqlType.VECTOR) {
        throw new PromqlException(
            operand.column(),
            "binary expression must contain only scalar and instant vector types, found "
                + operand.type()
                + " on the "
                + (operand == left ? "left" : "right")
                + " of \""
                + at.text()
                + "\"");
      }
    }
    boolean vectors = left.type() == PromqlType.VECTOR && right.type() == PromqlType.VECTOR;
    if (!vectors && !matching.isEmpty()) {
      throw new PromqlException(column, "vector matching only allowed between instant vectors");
    }
    if (vectors && SET_OPERATORS.contains(op) && grouping) {
      throw new PromqlException(column, "no grouping allowed for \"" + op + "\" operation");
    }
    if (!vectors && SET_OPERATORS.contains(op)) {
      throw new PromqlException(
          column, "set operator \"" + op + "\" not allowed in binary scalar expression");
    }
    PromqlType type =
        left.type() == PromqlType.SCALAR && right.type() == PromqlType.SCALAR
            ? PromqlType.SCALAR
            : PromqlType.VECTOR;
    return new Expr(Node.BINARY, type, column);
  }

  /** A sign binds like * and /: only ^ binds tighter, so -2^2 is -(2^2). */
  private Expr unary() throws PromqlException {
    PromqlToken sign = peek();
    if (sign.is(Kind.OPERATOR) && (sign.text().equals("-") || sign.text().equals("+"))) {
      pos++;
      Expr operand = expression(POWER);
      if (operand.type() != PromqlType.SCALAR && operand.type() != PromqlType.VECTOR) {
        throw new PromqlException(
            sign.column(),
            "unary expression only allowed on expressions of type scalar or instant vector, got "
                + operand.type());
      }
      Expr result = new Expr(Node.UNARY, operand.type(), sign.column());
      return postfix(result);
    }
    return postfix(primary());
  }

  /**
   * Range selectors, subqueries, offset and @ after an expression. As in parse.go (addOffset,
   * setTimestamp, getAtModifierVars, v2.42.0) a range keeps the vector selector's modifiers: an
   * offset or a numeric @ before it is refused, @ start() or end() is kept and may not be set
   * again.
   */
  private Expr postfix(Expr expr) throws PromqlException {
    Expr current = expr;
    boolean offset = false;
    boolean at = false;
    boolean atTimestamp = false;
    while (true) {
      PromqlToken token = peek();
      if (token.is(Kind.LEFT_BRACKET)) {
        current = rangeOrSubquery(current, offset, atTimestamp);
        // A subquery is a new node; a range selector is still its vector selector.
        at = at && current.node() == Node.MATRIX_SELECTOR;
        offset = false;
        atTimestamp = false;
      } else if (token.isWord("offset")) {
        requireModifiable(current, token, "offset");
        if (offset) {
          throw new PromqlException(token.column(), "offset may not be set multiple times");
        }
        pos++;
        if (peek().is(Kind.OPERATOR) && peek().text().equals("+")) {
          uses.add(new Use(VersionedConstruct.OFFSET_PLUS, peek().column()));
          pos++;
        } else if (peek().is(Kind.OPERATOR) && peek().text().equals("-")) {
          pos++;
        }
        if (peek().is(Kind.LEFT_PAREN)) {
          throw durationExpression(peek());
        }
        duration("offset", false);
        offset = true;
      } else if (token.is(Kind.AT)) {
        requireModifiable(current, token, "@");
        if (at) {
          throw new PromqlException(token.column(), "@ <timestamp> may not be set multiple times");
        }
        pos++;
        atTimestamp = atTimestamp();
        at = true;
      } else {
        return current;
      }
    }
  }

  private void requireModifiable(Expr expr, PromqlToken token, String modifier)
      throws PromqlException {
    if (expr.node() != Node.VECTOR_SELECTOR
        && expr.node() != Node.MATRIX_SELECTOR
        && expr.node() != Node.SUBQUERY) {
      throw new PromqlException(
          token.column(),
          modifier
              + " modifier must be preceded by an instant vector selector or range vector"
              + " selector or a subquery");
    }
  }

  /**
   * The timestamp after @: a signed number, or start() or end() unsigned. A number must be finite
   * and within int64 (setTimestamp in parse.go, v2.42.0). Whether it was a number.
   */
  private boolean atTimestamp() throws PromqlException {
    PromqlToken token = next();
    if ((token.isWord("start") || token.isWord("end")) && peek().is(Kind.LEFT_PAREN)) {
      pos++;
      expect(Kind.RIGHT_PAREN, "\")\" after \"" + token.text() + "(\"");
      return false;
    }
    boolean negative = false;
    if (token.is(Kind.OPERATOR) && (token.text().equals("-") || token.text().equals("+"))) {
      negative = token.text().equals("-");
      token = next();
    }
    if (token.is(Kind.DURATION)) {
      // A duration as the timestamp, in seconds (from v2.54.0): within int64 by its pattern.
      durationAsNumber(token);
      return true;
    }
    if (!token.is(Kind.NUMBER) && !isInfOrNan(token)) {
      throw new PromqlException(
          token.column(),
          "expected a timestamp, start() or end() after \"@\", found " + token.describe());
    }
    if (token.is(Kind.NUMBER)) {
      noteSpelling(token);
    }
    double seconds = number(token) * (negative ? -1 : 1);
    // As Go compares: float64(math.MaxInt64) is 2^63, which int64 does not hold.
    if (Double.isNaN(seconds)
        || seconds >= (double) Long.MAX_VALUE
        || seconds <= (double) Long.MIN_VALUE) {
      throw new PromqlException(
          token.column(), "timestamp out of bounds for @ modifier: " + goFloat(seconds));
    }
    return true;
  }

  /** A float as Go's %f prints it: +Inf, -Inf, NaN or six decimals. */
  private static String goFloat(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(value).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
  }

  /**
   * The value of a number token as parse.go's number() reads it (v2.42.0): strconv.ParseInt with
   * base 0 (0x hex, a leading 0 octal), else strconv.ParseFloat, which refuses what overflows
   * float64 and hex without a p exponent.
   */
  private static double number(PromqlToken token) throws PromqlException {
    // Underscores between digits (v2.54.0 on) only separate them; which releases allow them is
    // noted apart (noteSpelling).
    String text = token.text().replace("_", "");
    if (isInfOrNan(token)) {
      return text.equalsIgnoreCase("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
    }
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return Long.parseLong(text.substring(2), 16);
      }
      if (text.length() > 1 && text.startsWith("0") && text.chars().allMatch(Character::isDigit)) {
        try {
          return Long.parseLong(text, 8);
        } catch (NumberFormatException notOctal) {
          // ParseInt fails on 8 and 9; ParseFloat then reads the digits as decimal.
        }
      }
      double value = Double.parseDouble(text);
      if (!Double.isInfinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Go's error follows.
    }
    throw new PromqlException(token.column(), "error parsing number: \"" + token.text() + "\"");
  }

  private Expr rangeOrSubquery(Expr expr, boolean offset, boolean atTimestamp)
      throws PromqlException {
    PromqlToken bracket = next();
    duration("range", true);
    if (peek().is(Kind.RIGHT_BRACKET)) {
      pos++;
      // The messages of the matrix_selector rule, generated_parser.y v2.42.0.
      if (expr.node() != Node.VECTOR_SELECTOR) {
        throw new PromqlException(bracket.column(), "ranges only allowed for vector selectors");
      }
      if (offset) {
        throw new PromqlException(bracket.column(), "no offset modifiers allowed before range");
      }
      if (atTimestamp) {
        throw new PromqlException(bracket.column(), "no @ modifiers allowed before range");
      }
      return new Expr(Node.MATRIX_SELECTOR, PromqlType.MATRIX, expr.column());
    }
    expect(Kind.COLON, "\"]\" or \":\" after the range");
    if (!peek().is(Kind.RIGHT_BRACKET)) {
      duration("subquery step", true);
    }
    expect(Kind.RIGHT_BRACKET, "\"]\" after the subquery step");
    if (expr.type() != PromqlType.VECTOR) {
      throw new PromqlException(
          bracket.column(), "subquery is only allowed on instant vector, got " + expr.type());
    }
    return new Expr(Node.SUBQUERY, PromqlType.MATRIX, expr.column());
  }

  private void duration(String what, boolean positive) throws PromqlException {
    if (positive
        && (peek().is(Kind.LEFT_PAREN)
            || (peek().is(Kind.OPERATOR) && DURATION_OPERATORS.contains(peek().text())))) {
      throw durationExpression(peek());
    }
    durationLiteral(what, positive);
    if (positive && peek().is(Kind.OPERATOR) && DURATION_OPERATORS.contains(peek().text())) {
      throw durationExpression(peek());
    }
  }

  /**
   * Arithmetic in a range, a step or an offset ({@code x[5m+1m]}, {@code offset (1h-5m)}), which no
   * release loads by default: parsed no further, refused naming its flag.
   */
  private PromqlException durationExpression(PromqlToken at) {
    return new PromqlException(
        at.column(), VersionedConstruct.DURATION_EXPRESSION.problemOn(target).orElseThrow());
  }

  private void durationLiteral(String what, boolean positive) throws PromqlException {
    PromqlToken token = next();
    if (token.is(Kind.NUMBER) && positive && peek().is(Kind.IDENTIFIER)) {
      // "5 minutes": a unit was meant, and a number alone loads on fewer releases.
      throw new PromqlException(token.column(), "missing unit character in duration");
    }
    if (token.is(Kind.NUMBER)) {
      uses.add(new Use(VersionedConstruct.NUMBER_AS_DURATION, token.column()));
      // v3.4.0 refuses a range or step of 0 (positive_duration_expr); v2.54.0 to v3.3.0 do not
      // check a number there, so refusing it everywhere is stricter than those releases.
      noteSpelling(token);
      number(token);
      if (positive && isZero(token.text())) {
        throw new PromqlException(token.column(), "duration must be greater than 0");
      }
      return;
    }
    if (!token.is(Kind.DURATION)) {
      throw new PromqlException(
          token.column(),
          token.is(Kind.NUMBER)
              ? "missing unit character in duration"
              : "expected a duration for the " + what + ", found " + token.describe());
    }
    if (!token.text().matches(PromqlDuration.PATTERN) || !PromqlDuration.inRange(token.text())) {
      throw new PromqlException(
          token.column(), "not a valid duration string: \"" + token.text() + "\"");
    }
    if (PromqlDuration.parse(token.text()).orElseThrow().isZero()) {
      throw new PromqlException(token.column(), "duration must be greater than 0");
    }
  }

  /** Notes the releases a number literal's spelling needs. */
  private void noteSpelling(PromqlToken token) {
    if (token.text().indexOf('_') >= 0) {
      uses.add(new Use(VersionedConstruct.NUMBER_WITH_UNDERSCORES, token.column()));
    }
  }

  /** Whether a number literal (decimal, hex, with exponent or underscores) is 0. */
  private static boolean isZero(String number) {
    boolean hex = number.length() > 2 && (number.charAt(1) == 'x' || number.charAt(1) == 'X');
    String digits = hex ? number.substring(2) : number.split("[eE]", 2)[0];
    return digits.chars().noneMatch(c -> c != '0' && c != '_' && c != '.');
  }

  /** A duration where a number stands: seconds, from v2.54.0. */
  private void durationAsNumber(PromqlToken token) throws PromqlException {
    uses.add(new Use(VersionedConstruct.DURATION_AS_NUMBER, token.column()));
    if (!token.text().matches(PromqlDuration.PATTERN) || !PromqlDuration.inRange(token.text())) {
      throw new PromqlException(
          token.column(), "not a valid duration string: \"" + token.text() + "\"");
    }
  }

  private Expr primary() throws PromqlException {
    PromqlToken token = peek();
    switch (token.kind()) {
      case NUMBER:
        pos++;
        noteSpelling(token);
        number(token);
        return new Expr(Node.NUMBER, PromqlType.SCALAR, token.column());
      case DURATION:
        pos++;
        durationAsNumber(token);
        return new Expr(Node.NUMBER, PromqlType.SCALAR, token.column());
      case STRING:
        pos++;
        return new Expr(Node.STRING, PromqlType.STRING, token.column());
      case LEFT_PAREN:
        pos++;
        Expr inner = expression(0);
        expect(Kind.RIGHT_PAREN, "\")\" after " + before());
        return new Expr(Node.PAREN, inner.type(), token.column());
      case LEFT_BRACE:
        return vectorSelector(null, token);
      case METRIC_IDENTIFIER:
        pos++;
        return vectorSelector(token.text(), token);
      case IDENTIFIER:
        return identifier(token);
      default:
        throw unexpected("an expression");
    }
  }

  private Expr identifier(PromqlToken token) throws PromqlException {
    String lower = token.text().toLowerCase(Locale.ROOT);
    if (isInfOrNan(token)) {
      pos++;
      return new Expr(Node.NUMBER, PromqlType.SCALAR, token.column());
    }
    if (NEVER_METRIC_NAMES.contains(lower)) {
      throw new PromqlException(
          token.column(),
          "expected an expression, found the keyword " + token.describe() + ", not a metric name");
    }
    pos++;
    if (AGGREGATORS.contains(lower)
        && (peek().is(Kind.LEFT_PAREN) || peek().isWord("by") || peek().isWord("without"))) {
      return aggregation(token, lower);
    }
    // Keywords and aggregator names are metric names too where nothing else can follow.
    if (peek().is(Kind.LEFT_PAREN) && !AGGREGATORS.contains(lower) && !KEYWORDS.contains(lower)) {
      return call(token);
    }
    return vectorSelector(token.text(), token);
  }

  private static boolean isInfOrNan(PromqlToken token) {
    return token.is(Kind.IDENTIFIER)
        && (token.text().equalsIgnoreCase("inf") || token.text().equalsIgnoreCase("nan"));
  }

  private Expr call(PromqlToken name) throws PromqlException {
    PromqlFunctions.PromqlFunction known =
        PromqlFunctions.find(name.text())
            .orElseThrow(
                () ->
                    new PromqlException(
                        name.column(), "unknown function with name \"" + name.text() + "\""));
    uses.add(new Use(known.construct(), name.column()));
    PromqlFunctions.Signature function = known.signature();
    List<Expr> args = arguments(name);
    int declared = function.argTypes().size();
    int given = args.size();
    String call = "in call to function \"" + name.text() + "\"";
    if (function.variadic() == 0) {
      if (declared != given) {
        throw new PromqlException(
            name.column(),
            "expected "
                + declared
                + " argument(s) in call to \""
                + name.text()
                + "\", got "
                + given);
      }
    } else {
      int least = declared - 1;
      if (least > given) {
        throw new PromqlException(
            name.column(),
            "expected at least "
                + least
                + " argument(s) in call to \""
                + name.text()
                + "\", got "
                + given);
      }
      if (function.variadic() > 0 && least + function.variadic() < given) {
        throw new PromqlException(
            name.column(),
            "expected at most "
                + (least + function.variadic())
                + " argument(s) in call to \""
                + name.text()
                + "\", got "
                + given);
      }
    }
    for (int i = 0; i < given; i++) {
      PromqlType expected = function.argTypes().get(Math.min(i, declared - 1));
      if (args.get(i).type() != expected) {
        throw new PromqlException(
            args.get(i).column(),
            "expected type " + expected + " " + call + ", got " + args.get(i).type());
      }
    }
    return new Expr(Node.CALL, function.returnType(), name.column());
  }

  private List<Expr> arguments(PromqlToken name) throws PromqlException {
    expect(Kind.LEFT_PAREN, "\"(\" after \"" + name.text() + "\"");
    List<Expr> args = new ArrayList<>();
    if (peek().is(Kind.RIGHT_PAREN)) {
      pos++;
      return args;
    }
    while (true) {
      args.add(expression(0));
      if (peek().is(Kind.RIGHT_PAREN)) {
        pos++;
        return args;
      }
      if (!peek().is(Kind.COMMA)) {
        throw unexpected("\",\" or \")\" after " + before());
      }
      pos++;
      if (peek().is(Kind.RIGHT_PAREN)) {
        throw new PromqlException(
            peek().column(), "trailing commas not allowed in function call args");
      }
    }
  }

  private Expr aggregation(PromqlToken name, String op) throws PromqlException {
    if (EXPERIMENTAL_AGGREGATORS.contains(op)) {
      uses.add(new Use(VersionedConstruct.experimentalAggregator(op), name.column()));
    }
    boolean grouped = false;
    if (peek().isWord("by") || peek().isWord("without")) {
      pos++;
      labelList();
      grouped = true;
    }
    List<Expr> args = arguments(name);
    if (!grouped && (peek().isWord("by") || peek().isWord("without"))) {
      pos++;
      labelList();
    }
    boolean parameter = PARAMETER_AGGREGATORS.contains(op);
    int expected = parameter ? 2 : 1;
    if (args.size() != expected) {
      throw new PromqlException(
          name.column(),
          "wrong number of arguments for aggregate expression provided, expected "
              + expected
              + ", got "
              + args.size());
    }
    Expr vector = args.get(expected - 1);
    if (vector.type() != PromqlType.VECTOR) {
      throw new PromqlException(
          vector.column(),
          "expected type instant vector in aggregation expression, got " + vector.type());
    }
    if (parameter) {
      PromqlType wanted = op.equals("count_values") ? PromqlType.STRING : PromqlType.SCALAR;
      if (args.get(0).type() != wanted) {
        throw new PromqlException(
            args.get(0).column(),
            "expected type " + wanted + " in aggregation parameter, got " + args.get(0).type());
      }
    }
    return new Expr(Node.AGGREGATE, PromqlType.VECTOR, name.column());
  }

  /** ( label, ... ) after by, without, on, ignoring, group_left and group_right. */
  private List<String> labelList() throws PromqlException {
    expect(Kind.LEFT_PAREN, "\"(\" before a list of label names");
    List<String> labels = new ArrayList<>();
    while (true) {
      PromqlToken token = next();
      if (token.is(Kind.RIGHT_PAREN)) {
        return labels;
      }
      if (token.is(Kind.STRING)) {
        uses.add(new Use(VersionedConstruct.QUOTED_GROUPING_LABEL, token.column()));
      } else if ((!token.is(Kind.IDENTIFIER) && !token.is(Kind.METRIC_IDENTIFIER))
          || NEVER_GROUPING_LABELS.contains(token.text().toLowerCase(Locale.ROOT))) {
        throw new PromqlException(
            token.column(), "expected a label name in the grouping, found " + token.describe());
      }
      if (token.text().isEmpty()) {
        throw new PromqlException(token.column(), "invalid label name for grouping: \"\"");
      }
      if (!token.text().matches(LEGACY_LABEL_NAME)) {
        uses.add(new Use(VersionedConstruct.UTF8_GROUPING_LABEL, token.column()));
      }
      labels.add(token.text());
      PromqlToken separator = next();
      if (separator.is(Kind.RIGHT_PAREN)) {
        return labels;
      }
      if (!separator.is(Kind.COMMA)) {
        throw new PromqlException(
            separator.column(),
            "expected \",\" or \")\" in the grouping, found " + separator.describe());
      }
    }
  }

  private Expr vectorSelector(String metric, PromqlToken start) throws PromqlException {
    boolean nonEmpty = metric != null;
    if (peek().is(Kind.LEFT_BRACE)) {
      pos++;
      while (!peek().is(Kind.RIGHT_BRACE)) {
        PromqlToken label = next();
        if (label.is(Kind.STRING) && (peek().is(Kind.COMMA) || peek().is(Kind.RIGHT_BRACE))) {
          uses.add(new Use(VersionedConstruct.QUOTED_METRIC_NAME, label.column()));
          metricNameInBraces(metric, label, label.text());
          nonEmpty |= !label.text().isEmpty();
        } else {
          nonEmpty |= labelMatcher(metric, label);
        }
        if (peek().is(Kind.COMMA)) {
          pos++;
        } else if (!peek().is(Kind.RIGHT_BRACE)) {
          throw new PromqlException(
              peek().column(),
              "expected \",\" or \"}\" in the label matchers, found " + peek().describe());
        }
      }
      pos++;
    }
    if (!nonEmpty) {
      throw new PromqlException(
          start.column(), "vector selector must contain at least one non-empty matcher");
    }
    return new Expr(Node.VECTOR_SELECTOR, PromqlType.VECTOR, start.column());
  }

  /** One label matcher after its label; whether it is a non-empty matcher. */
  private boolean labelMatcher(String metric, PromqlToken label) throws PromqlException {
    if (label.is(Kind.STRING)) {
      uses.add(new Use(VersionedConstruct.QUOTED_MATCHER_LABEL, label.column()));
    } else if (!label.is(Kind.IDENTIFIER)) {
      throw new PromqlException(
          label.column(), "expected a label name in the selector, found " + label.describe());
    }
    PromqlToken operator = next();
    if (!operator.is(Kind.OPERATOR) || !Set.of("=", "!=", "=~", "!~").contains(operator.text())) {
      throw new PromqlException(
          operator.column(),
          "expected one of =, !=, =~, !~ after the label \""
              + label.text()
              + "\", found "
              + operator.describe());
    }
    PromqlToken value = next();
    if (!value.is(Kind.STRING)) {
      throw new PromqlException(
          value.column(),
          "expected a quoted label value after \""
              + label.text()
              + operator.text()
              + "\", found "
              + value.describe());
    }
    if (label.text().equals("__name__")) {
      metricNameInBraces(metric, label, value.text());
    }
    return !matchesEmpty(operator, value);
  }

  /**
   * A metric name given outside the braces may not be given again inside (parse.go
   * checkAST/VectorSelector at v2.42.0 and v3.5.0: only then is it "set twice").
   */
  private static void metricNameInBraces(String metric, PromqlToken at, String value)
      throws PromqlException {
    if (metric != null) {
      throw new PromqlException(
          at.column(),
          "metric name must not be set twice: \"" + metric + "\" or \"" + value + "\"");
    }
  }

  /**
   * Whether a matcher matches the empty value; a regex is compiled as Prometheus' Go engine does.
   *
   * <p>The syntax Go's regexp accepts is the same in every Go release that builds Prometheus 2.42
   * to 3.5 (.promu.yml: Go 1.19 to 1.23) but for named groups (?&lt;name&gt;, new in Go 1.22; see
   * VersionedConstruct.NAMED_REGEX_GROUP). From v3.0.0 Prometheus compiles matchers as "^(?s:" + re
   * + ")$" (model/labels/regexp.go), so "." also matches a newline; that changes what a matcher
   * selects, not whether it loads, nor whether it matches the empty value.
   */
  private boolean matchesEmpty(PromqlToken operator, PromqlToken value) throws PromqlException {
    return switch (operator.text()) {
      case "=" -> value.text().isEmpty();
      case "!=" -> !value.text().isEmpty();
      default -> {
        if (value.text().contains("(?<")) {
          uses.add(new Use(VersionedConstruct.NAMED_REGEX_GROUP, value.column()));
        }
        com.google.re2j.Pattern regex;
        try {
          regex = com.google.re2j.Pattern.compile("^(?:" + value.text() + ")$");
        } catch (PatternSyntaxException e) {
          throw new PromqlException(
              value.column(), "error parsing regexp: " + e.getDescription() + ": " + value.text());
        }
        boolean matches = regex.matcher("").matches();
        yield operator.text().equals("=~") == matches;
      }
    };
  }

  // --- tokens ---

  private PromqlToken peek() {
    return tokens.get(pos);
  }

  private PromqlToken next() {
    PromqlToken token = tokens.get(pos);
    if (!token.is(Kind.EOF)) {
      pos++;
    }
    return token;
  }

  private void expect(Kind kind, String what) throws PromqlException {
    if (!peek().is(kind)) {
      throw unexpected(what);
    }
    pos++;
  }

  private PromqlException unexpected(String expected) {
    PromqlToken token = peek();
    return new PromqlException(
        token.column(), "expected " + expected + ", found " + token.describe());
  }

  /** The text of the input up to the current token, to say where something was expected. */
  private String before() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < pos && text.length() < 40; i++) {
      PromqlToken token = tokens.get(i);
      text.append(token.is(Kind.STRING) ? "\"" + token.text() + "\"" : token.text());
      if (i + 1 < pos && tokens.get(i + 1).column() > token.column() + token.text().length()) {
        text.append(' ');
      }
    }
    return "\"" + text + "\"";
  }
}
