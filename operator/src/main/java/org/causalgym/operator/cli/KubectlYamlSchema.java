package org.causalgym.operator.cli;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.JsonSchema;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * The types kubectl gives plain YAML scalars before it sends JSON to the API server. kubectl reads
 * YAML with sigs.k8s.io/yaml, whose decoder is a fork of go-yaml v2.4.0: YAML 1.1 resolution, so
 * {@code ~}, {@code Null} and an empty value are null, {@code yes}, {@code On} and {@code n} are
 * booleans, {@code 0x1F}, {@code 017} and {@code 1_000} are integers and {@code .5} a number, where
 * YAML 1.2's JSON schema keeps them as strings and the resource would mean something else here than
 * on a cluster.
 *
 * <p>Source: go-yaml v2.4.0 {@code resolve.go} ({@code resolveMapList}, {@code resolve}) and Go's
 * {@code strconv.ParseInt(s, 0, 64)}, which it calls. Timestamps stay strings: no field of the CRD
 * takes one.
 */
final class KubectlYamlSchema implements Schema {

  /** What a plain scalar that stays a string resolves to. */
  private static final Object STRING = new Object();

  /** go-yaml v2.4.0 resolve.go {@code resolveMapList}: the words looked up first. */
  private static final Map<String, Object> WORDS = words();

  /** go-yaml v2.4.0 resolve.go: the null words ({@code ""} is an empty plain scalar). */
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");

  /** go-yaml v2.4.0 resolve.go {@code yamlStyleFloat}. */
  private static final Pattern YAML_STYLE_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  /** What Go's strconv.ParseFloat takes after a leading dot (not Java's suffixes such as .5f). */
  private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");

  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static Map<String, Object> words() {
    Map<String, Object> words = new HashMap<>();
    for (String word : "y Y yes Yes YES true True TRUE on On ON".split(" ")) {
      words.put(word, true);
    }
    for (String word : "n N no No NO false False FALSE off Off OFF".split(" ")) {
      words.put(word, false);
    }
    for (String word : ".nan .NaN .NAN".split(" ")) {
      words.put(word, Double.NaN);
    }
    for (String word : ".inf .Inf .INF +.inf +.Inf +.INF".split(" ")) {
      words.put(word, Double.POSITIVE_INFINITY);
    }
    for (String word : "-.inf -.Inf -.INF".split(" ")) {
      words.put(word, Double.NEGATIVE_INFINITY);
    }
    return Map.copyOf(words);
  }

  @Override
  public ScalarResolver getScalarResolver() {
    return (value, implicit) -> {
      if (!implicit) {
        return Tag.STR;
      }
      Object resolved = resolve(value);
      if (resolved == null) {
        return Tag.NULL;
      } else if (resolved instanceof Boolean) {
        return Tag.BOOL;
      } else if (resolved instanceof Double) {
        return Tag.FLOAT;
      }
      return resolved instanceof Number ? Tag.INT : Tag.STR;
    };
  }

  @Override
  public Map<Tag, ConstructNode> getSchemaTagConstructors() {
    Map<Tag, ConstructNode> constructors =
        new HashMap<>(new JsonSchema().getSchemaTagConstructors());
    ConstructNode resolved =
        node -> {
          Object value = resolve(((ScalarNode) node).getValue());
          return value == STRING ? ((ScalarNode) node).getValue() : value;
        };
    for (Tag tag : new Tag[] {Tag.NULL, Tag.BOOL, Tag.INT, Tag.FLOAT}) {
      constructors.put(tag, resolved);
    }
    return constructors;
  }

  /**
   * The value go-yaml v2.4.0's {@code resolve} gives a plain scalar: null, a Boolean, a Long or
   * BigInteger, a Double, or {@link #STRING} where it stays a string.
   */
  private static Object resolve(String in) {
    if (NULLS.contains(in)) {
      return null;
    }
    Object word = WORDS.get(in);
    if (word != null) {
      return word;
    }
    char first = in.charAt(0);
    if (first == '.') {
      return DOT_FLOAT.matcher(in).matches() ? finite(Double.parseDouble(in)) : STRING;
    }
    if (first != '+' && first != '-' && (first < '0' || first > '9')) {
      return STRING;
    }
    String plain = in.replace("_", "");
    Object integer = goInteger(plain);
    if (integer != STRING) {
      return integer;
    }
    if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
      return finite(Double.parseDouble(plain));
    }
    return STRING;
  }

  /** Go's strconv.ParseFloat fails on a value out of range, and go-yaml then keeps the string. */
  private static Object finite(double value) {
    return Double.isFinite(value) ? value : STRING;
  }

  /**
   * Go's {@code strconv.ParseInt(s, 0, 64)}, then {@code ParseUint(s, 0, 64)}: an optional sign
   * (ParseInt only), then 0x, 0o, 0b or a leading 0 (octal) choosing the base, ASCII digits only.
   */
  private static Object goInteger(String text) {
    boolean signed = text.startsWith("+") || text.startsWith("-");
    String digits = signed ? text.substring(1) : text;
    int radix = 10;
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      switch (Character.toLowerCase(digits.charAt(1))) {
        case 'x' -> radix = 16;
        case 'o' -> radix = 8;
        case 'b' -> radix = 2;
        default -> radix = 0;
      }
      digits = digits.substring(radix == 0 ? 1 : 2);
      radix = radix == 0 ? 8 : radix;
    }
    if (digits.isEmpty()) {
      return STRING;
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c > 'z' || Character.digit(c, radix) < 0) {
        return STRING;
      }
    }
    BigInteger value = new BigInteger(digits, radix);
    if (text.startsWith("-")) {
      value = value.negate();
    }
    if (value.compareTo(INT64_MIN) >= 0 && value.compareTo(INT64_MAX) <= 0) {
      return value.longValueExact();
    }
    return !signed && value.compareTo(UINT64_MAX) <= 0 ? value : STRING;
  }
}
