package org.causalgym.operator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath of a CRD's printer column, parsed and evaluated as Kubernetes' client-go does
 * (k8s.io/client-go/util/jsonpath, parser.go and jsonpath.go at v1.32.0) with missing keys allowed,
 * as the API server's table convertor sets them: fields (a dot escaped with a backslash), {@code
 * ['key']}, indexes and slices ({@code [0]}, {@code [-1]}, {@code [1:3]}, {@code [::2]}), {@code
 * [*]} and {@code .*}, and filters ({@code [?(@.type=="Ready")]}, {@code ==}, {@code !=}, {@code
 * <}, {@code >}, {@code <=}, {@code >=}, or a bare path for "exists"). Recursive descent, unions
 * and range/end are refused with {@link Unsupported}, not evaluated differently.
 */
public final class KubeJsonPath {

  /** A JSONPath client-go parses but this emulation does not evaluate. */
  public static final class Unsupported extends IllegalArgumentException {
    Unsupported(String expression, String feature) {
      super(
          "the demo API does not evaluate "
              + feature
              + " in the JSONPath "
              + expression
              + " (it supports fields, ['key'], [n], [a:b], [*], .* and [?(...)] filters)");
    }
  }

  /** An error client-go's evaluation returns; the table convertor leaves the cell empty on it. */
  public static final class EvaluationError extends RuntimeException {
    private List<JsonNode> partial;

    EvaluationError(String message) {
      super(message);
    }
  }

  private sealed interface Node
      permits Field, Wildcard, Slice, Filter, Text, Int, Decimal, Bool, Identifier {}

  private record Field(String name) implements Node {}

  private record Wildcard() implements Node {}

  /** start, end and step with whether each was given; end derived from start for [n]. */
  private record Slice(int[] values, boolean[] known, boolean endDerived) implements Node {}

  private record Filter(List<Node> left, List<Node> right, String operator) implements Node {}

  private record Text(String text) implements Node {}

  private record Int(int value) implements Node {}

  private record Decimal(double value) implements Node {}

  private record Bool(boolean value) implements Node {}

  private record Identifier(String name) implements Node {}

  private static final Pattern DICT_KEY = Pattern.compile("^'([^']*)'$");
  private static final Pattern SLICE = Pattern.compile("^(-?\\d*)(:-?\\d*)?(:-?\\d*)?$");
  private static final Pattern COMPARISON = Pattern.compile("^([^!<>=]+)([!<>=]+)(.+?)$");

  private final String expression;
  private final List<Node> nodes;

  private KubeJsonPath(String expression, List<Node> nodes) {
    this.expression = expression;
    this.nodes = nodes;
  }

  /**
   * Parses a printer column's jsonPath as the table convertor does, wrapped in braces.
   *
   * @throws Unsupported for what client-go parses but this class does not evaluate
   * @throws IllegalArgumentException for what client-go refuses, with its message
   */
  public static KubeJsonPath parse(String columnPath) {
    Parser parser = new Parser(columnPath, "{" + columnPath + "}");
    List<Node> action = parser.action();
    return new KubeJsonPath(columnPath, action);
  }

  /**
   * The values the path selects in data, in client-go's order (map keys sorted, as fmtsort does); a
   * missing key selects nothing.
   *
   * @throws EvaluationError where client-go's evaluation fails (index out of bounds, not a list)
   */
  public List<JsonNode> find(JsonNode data) {
    return evalList(List.of(data), nodes);
  }

  @Override
  public String toString() {
    return expression;
  }

  private List<JsonNode> evalList(List<JsonNode> input, List<Node> list) {
    List<JsonNode> current = input;
    for (Node node : list) {
      try {
        current = walk(current, node);
      } catch (EvaluationError e) {
        // evalList returns the values the failing node was given along with the error.
        e.partial = current;
        throw e;
      }
    }
    return current;
  }

  private List<JsonNode> walk(List<JsonNode> input, Node node) {
    if (node instanceof Field field) {
      return field(input, field.name());
    } else if (node instanceof Wildcard) {
      return wildcard(input);
    } else if (node instanceof Slice slice) {
      return slice(input, slice);
    } else if (node instanceof Filter filter) {
      return filter(input, filter);
    } else if (node instanceof Text text) {
      return List.of(TextNode.valueOf(text.text()));
    } else if (node instanceof Int value) {
      // evalOperator compares a literal int as a float64, unlike a JSON integer (int64).
      return input.stream().map(any -> (JsonNode) DoubleNode.valueOf(value.value())).toList();
    } else if (node instanceof Decimal value) {
      return input.stream().map(any -> (JsonNode) DoubleNode.valueOf(value.value())).toList();
    } else if (node instanceof Bool value) {
      // jsonpath.go's walk has no case for a BoolNode.
      throw new EvaluationError("unexpected Node " + value.value());
    }
    throw new EvaluationError("unrecognized identifier " + ((Identifier) node).name());
  }

  private static List<JsonNode> field(List<JsonNode> input, String name) {
    List<JsonNode> results = new ArrayList<>();
    for (JsonNode value : input) {
      if (value != null && value.isObject() && value.has(name)) {
        results.add(value.get(name));
      }
    }
    return results;
  }

  private static List<JsonNode> wildcard(List<JsonNode> input) {
    List<JsonNode> results = new ArrayList<>();
    for (JsonNode value : input) {
      results.addAll(iterable(value));
    }
    return results;
  }

  /** iterHelper: a list's items in order, a map's values by sorted key, else nothing. */
  private static List<JsonNode> iterable(JsonNode value) {
    List<JsonNode> items = new ArrayList<>();
    if (value == null || value.isNull()) {
      return items;
    }
    if (value.isArray()) {
      value.forEach(items::add);
    } else if (value.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        sorted.put(entry.getKey(), entry.getValue());
      }
      items.addAll(sorted.values());
    }
    return items;
  }

  private static List<JsonNode> slice(List<JsonNode> input, Slice slice) {
    List<JsonNode> results = new ArrayList<>();
    for (JsonNode value : input) {
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isArray()) {
        throw new EvaluationError(goType(value) + " is not array or slice");
      }
      int length = value.size();
      int start = slice.known()[0] ? slice.values()[0] : 0;
      if (start < 0) {
        start += length;
      }
      int end = slice.known()[1] ? slice.values()[1] : length;
      if (end < 0 || (end == 0 && slice.endDerived())) {
        end += length;
      }
      if (end == start) {
        return results;
      }
      if (start >= length || start < 0) {
        throw new EvaluationError(
            "array index out of bounds: index " + start + ", length " + length);
      }
      if (end > length || end < 0) {
        throw new EvaluationError(
            "array index out of bounds: index " + (end - 1) + ", length " + length);
      }
      if (start > end) {
        throw new EvaluationError(
            "starting index " + start + " is greater than ending index " + end);
      }
      int step = 1;
      if (slice.known()[2]) {
        if (slice.values()[2] <= 0) {
          throw new EvaluationError("step must be > 0");
        }
        step = slice.values()[2];
      }
      for (int i = start; i < end; i += step) {
        results.add(value.get(i));
      }
    }
    return results;
  }

  private List<JsonNode> filter(List<JsonNode> input, Filter filter) {
    List<JsonNode> results = new ArrayList<>();
    for (JsonNode value : input) {
      List<JsonNode> items =
          value != null && (value.isArray() || value.isObject())
              ? iterable(value)
              : Collections.singletonList(value);
      for (JsonNode item : items) {
        List<JsonNode> lefts;
        try {
          lefts = evalList(Collections.singletonList(item), filter.left());
        } catch (EvaluationError e) {
          // With missing keys allowed, evalFilter ignores the error and goes on with the values
          // evalList returned: what the failing node was given.
          lefts = e.partial;
        }
        List<JsonNode> rights = evalList(Collections.singletonList(item), filter.right());
        if (lefts.isEmpty()) {
          continue;
        }
        if (lefts.size() > 1) {
          throw new EvaluationError("can only compare one element at a time");
        }
        if (filter.operator().equals("exists")) {
          results.add(item);
          continue;
        }
        if (rights.isEmpty()) {
          continue;
        }
        if (rights.size() > 1) {
          throw new EvaluationError("can only compare one element at a time");
        }
        if (GoValues.compare(filter.operator(), lefts.get(0), rights.get(0))) {
          results.add(item);
        }
      }
    }
    return results;
  }

  /** The Go type name client-go's messages print for a decoded JSON value. */
  private static String goType(JsonNode value) {
    if (value.isObject()) {
      return "map[string]interface {}";
    }
    if (value.isArray()) {
      return "[]interface {}";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    return value.isIntegralNumber() ? "int64" : "float64";
  }

  /** client-go's parser.go, for the single action a printer column is. */
  private static final class Parser {
    private final String expression;
    private final String input;
    private int pos;
    private int start;

    Parser(String expression, String input) {
      this.expression = expression;
      this.input = input;
    }

    /** The nodes of the one {...} action the input is; more than one is refused. */
    List<Node> action() {
      // parseText: the input starts with the left delimiter.
      pos = 1;
      start = pos;
      List<Node> nodes = new ArrayList<>();
      insideAction(nodes);
      if (pos < input.length()) {
        throw new Unsupported(expression, "text or a second {...} after the first");
      }
      return nodes;
    }

    private int next() {
      if (pos >= input.length()) {
        pos++;
        return -1;
      }
      return input.charAt(pos++);
    }

    private void backup() {
      pos--;
    }

    private int peek() {
      int r = next();
      backup();
      return r;
    }

    private String consume() {
      String value = input.substring(start, Math.min(pos, input.length()));
      start = pos;
      return value;
    }

    private void insideAction(List<Node> cur) {
      while (true) {
        String rest = pos <= input.length() ? input.substring(pos) : "";
        if (rest.startsWith("}")) {
          pos++;
          consume();
          return;
        }
        if (rest.startsWith("[?(")) {
          filter(cur);
          continue;
        }
        if (rest.startsWith("..")) {
          throw new Unsupported(expression, "recursive descent (..)");
        }
        int r = next();
        if (r == -1 || r == '\r' || r == '\n') {
          throw new IllegalArgumentException("unclosed action");
        } else if (r == ' ' || r == '@' || r == '$') {
          consume();
        } else if (r == '[') {
          array(cur);
        } else if (r == '"' || r == '\'') {
          quote(cur, r);
        } else if (r == '.') {
          field(cur);
        } else if (r == '+' || r == '-' || Character.isDigit(r)) {
          backup();
          number(cur);
        } else if (r == '_' || Character.isLetterOrDigit(r)) {
          backup();
          identifier(cur);
        } else {
          throw new IllegalArgumentException(
              String.format("unrecognized character in action: U+%04X '%c'", r, (char) r));
        }
      }
    }

    private void identifier(List<Node> cur) {
      while (!isTerminator(next())) {
        // scans to the next terminator
      }
      backup();
      String value = consume();
      if (value.equals("true") || value.equals("false")) {
        cur.add(new Bool(Boolean.parseBoolean(value)));
      } else if (value.equals("range") || value.equals("end")) {
        throw new Unsupported(expression, "range/end");
      } else {
        cur.add(new Identifier(value));
      }
    }

    private void number(List<Node> cur) {
      int r = peek();
      if (r == '+' || r == '-') {
        next();
      }
      while (true) {
        r = next();
        if (r != '.' && !(r >= '0' && r <= '9')) {
          backup();
          break;
        }
      }
      String value = consume();
      try {
        cur.add(new Int(Integer.parseInt(value)));
        return;
      } catch (NumberFormatException notInt) {
        // strconv.Atoi failed: ParseFloat next
      }
      try {
        cur.add(new Decimal(Double.parseDouble(value)));
      } catch (NumberFormatException notFloat) {
        throw new IllegalArgumentException("cannot parse number " + value);
      }
    }

    private void array(List<Node> cur) {
      while (true) {
        int r = next();
        if (r == -1 || r == '\n') {
          throw new IllegalArgumentException("unterminated array");
        }
        if (r == ']') {
          break;
        }
      }
      String text = consume();
      text = text.substring(1, text.length() - 1);
      if (text.equals("*")) {
        text = ":";
      }
      if (text.split(",", -1).length > 1) {
        throw new Unsupported(expression, "a union ([a,b])");
      }
      Matcher key = DICT_KEY.matcher(text);
      if (key.matches()) {
        // parser.go re-parses ['key'] as .key: a dot in the key still separates fields.
        cur.addAll(new Parser(expression, "{." + key.group(1) + "}").action());
        return;
      }
      Matcher slice = SLICE.matcher(text);
      if (!slice.matches()) {
        throw new IllegalArgumentException("invalid array index " + text);
      }
      int[] values = new int[3];
      boolean[] known = new boolean[3];
      boolean derived = false;
      for (int i = 0; i < 3; i++) {
        String value = slice.group(i + 1) == null ? "" : slice.group(i + 1);
        if (!value.isEmpty()) {
          if (i > 0) {
            value = value.substring(1);
          }
          if (i > 0 && value.isEmpty()) {
            known[i] = false;
          } else {
            known[i] = true;
            try {
              values[i] = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("array index " + value + " is not a number");
            }
          }
        } else if (i == 1) {
          known[i] = true;
          values[i] = values[0] + 1;
          derived = true;
        }
      }
      cur.add(new Slice(values, known, derived));
    }

    private void filter(List<Node> cur) {
      pos += "[?(".length();
      consume();
      boolean begin = false;
      boolean end = false;
      int pair = 0;
      while (true) {
        int r = next();
        if (r == -1 || r == '\n') {
          throw new IllegalArgumentException("unterminated filter");
        }
        if (r == '"' || r == '\'') {
          if (!begin) {
            begin = true;
            pair = r;
            continue;
          }
          if (input.charAt(pos - 2) != '\\' && r == pair) {
            end = true;
          }
        } else if (r == ')' && begin == end) {
          break;
        }
      }
      if (next() != ']') {
        throw new IllegalArgumentException("unclosed array expect ]");
      }
      String text = consume();
      text = text.substring(0, text.length() - 2);
      Matcher comparison = COMPARISON.matcher(text);
      if (!comparison.matches()) {
        cur.add(new Filter(subAction(text), List.of(), "exists"));
      } else {
        cur.add(
            new Filter(
                subAction(comparison.group(1)),
                subAction(comparison.group(3)),
                comparison.group(2)));
      }
    }

    private List<Node> subAction(String text) {
      return new Parser(expression, "{" + text + "}").action();
    }

    private void quote(List<Node> cur, int end) {
      while (true) {
        int r = next();
        if (r == -1 || r == '\n') {
          throw new IllegalArgumentException("unterminated quoted string");
        }
        if (r == end && input.charAt(pos - 2) != '\\') {
          break;
        }
      }
      String value = consume();
      cur.add(new Text(unquote(value)));
    }

    private void field(List<Node> cur) {
      consume();
      while (advance()) {
        // scans to the next terminator not escaped with a backslash
      }
      String value = consume();
      if (value.equals("*")) {
        cur.add(new Wildcard());
      } else {
        cur.add(new Field(value.replace("\\", "")));
      }
    }

    private boolean advance() {
      int r = next();
      if (r == '\\') {
        next();
      } else if (isTerminator(r)) {
        backup();
        return false;
      }
      return true;
    }

    private static boolean isTerminator(int r) {
      return switch (r) {
        case -1, ' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}' -> true;
        default -> false;
      };
    }

    /** parser.go's UnquoteExtend: strconv.Unquote, single quotes allowed. */
    private static String unquote(String quoted) {
      char quote = quoted.charAt(0);
      String body = quoted.substring(1, quoted.length() - 1);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == quote) {
          throw new IllegalArgumentException("unquote string " + quoted + " error invalid syntax");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (++i >= body.length()) {
          throw new IllegalArgumentException("unquote string " + quoted + " error invalid syntax");
        }
        char escaped = body.charAt(i);
        switch (escaped) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '\\', '\'', '"' -> out.append(escaped);
          default ->
              throw new IllegalArgumentException(
                  "unquote string " + quoted + " error invalid syntax");
        }
      }
      return out.toString();
    }
  }

  /** How Go prints and compares the values client-go's JSONPath selects. */
  static final class GoValues {
    private GoValues() {}

    /**
     * jsonpath.go's evalOperator over the forked text/template comparisons: a literal integer is a
     * float64, a JSON integer an int64, and values of different kinds never match.
     */
    static boolean compare(String operator, JsonNode left, JsonNode right) {
      Object l = basic(left);
      Object r = basic(right);
      int order;
      switch (operator) {
        case "==", "!=" -> {
          if (l == null || r == null || l.getClass() != r.getClass()) {
            return false;
          }
          boolean equal = l.equals(r);
          return operator.equals("==") == equal;
        }
        case "<", ">", "<=", ">=" -> {
          if (l == null || r == null || l.getClass() != r.getClass() || l instanceof Boolean) {
            return false;
          }
          order = compareSame(l, r);
        }
        default -> throw new EvaluationError("unrecognized filter operator " + operator);
      }
      return switch (operator) {
        case "<" -> order < 0;
        case ">" -> order > 0;
        case "<=" -> order <= 0;
        default -> order >= 0;
      };
    }

    @SuppressWarnings("unchecked")
    private static int compareSame(Object l, Object r) {
      return ((Comparable<Object>) l).compareTo(r);
    }

    /** Go's basic kind of a value, or null where template.basicKind refuses it. */
    private static Object basic(JsonNode value) {
      if (value == null || value.isNull() || value.isContainerNode()) {
        return null;
      }
      if (value.isTextual()) {
        return value.textValue();
      }
      if (value.isBoolean()) {
        return value.booleanValue();
      }
      return value.isIntegralNumber() ? (Object) value.longValue() : value.doubleValue();
    }

    /** fmt.Fprint of a decoded JSON value, as a string column's PrintResults writes it. */
    static String text(JsonNode value) {
      if (value == null || value.isNull()) {
        return "<nil>";
      }
      if (value.isTextual()) {
        return value.textValue();
      }
      if (value.isBoolean() || value.isIntegralNumber()) {
        return value.asText();
      }
      if (value.isNumber()) {
        return floatText(value.doubleValue());
      }
      List<String> parts = new ArrayList<>();
      if (value.isArray()) {
        value.forEach(item -> parts.add(text(item)));
        return "[" + String.join(" ", parts) + "]";
      }
      Map<String, JsonNode> sorted = new TreeMap<>();
      value.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      sorted.forEach((k, v) -> parts.add(k + ":" + text(v)));
      return "map[" + String.join(" ", parts) + "]";
    }

    /** %v of a float64: the shortest digits, in exponent form from 1e+06 or below 1e-04. */
    static String floatText(double value) {
      if (Double.isNaN(value)) {
        return "NaN";
      }
      if (Double.isInfinite(value)) {
        return value > 0 ? "+Inf" : "-Inf";
      }
      if (value == 0) {
        return (1 / value < 0) ? "-0" : "0";
      }
      BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
      int exponent = shortest.precision() - shortest.scale() - 1;
      if (exponent < -4 || exponent >= 6) {
        String digits = shortest.unscaledValue().abs().toString();
        String mantissa =
            digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        String exp = String.format("%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
        return sign + mantissa + "e" + exp;
      }
      return shortest.toPlainString();
    }
  }
}
