package org.causalgym.operator.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A field selector as Kubernetes parses it (k8s.io/apimachinery pkg/fields/selector.go, v1.32:
 * terms split at unescaped commas, each split at its first {@code !=}, {@code ==} or {@code =},
 * values unescaped from {@code \\}, {@code \,} and {@code \=}); a term matches when the object's
 * field has, or has not, the value, a missing field counting as empty.
 */
record FieldSelector(List<Term> terms) {

  /** One requirement: field = value, or field != value. */
  record Term(String field, boolean equal, String value) {}

  /** A selector that cannot be parsed, or names a field the kind does not select on. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /** Parses selector; the empty selector selects everything. */
  static FieldSelector parse(String selector) throws Invalid {
    List<Term> terms = new ArrayList<>();
    for (String part : splitTerms(selector)) {
      if (part.isEmpty()) {
        continue;
      }
      terms.add(term(selector, part));
    }
    return new FieldSelector(List.copyOf(terms));
  }

  /**
   * The selector with every field checked against those the kind supports: the API server's field
   * label conversion answers any other with "field label not supported: &lt;field&gt;".
   */
  FieldSelector supportedBy(Set<String> fields) throws Invalid {
    for (Term term : terms) {
      if (!fields.contains(term.field())) {
        throw new Invalid("field label not supported: " + term.field());
      }
    }
    return this;
  }

  /** Whether the object whose fields are read by field satisfies every term. */
  boolean matches(Function<String, String> field) {
    return terms.stream()
        .allMatch(t -> t.value().equals(orEmpty(field.apply(t.field()))) == t.equal());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int start = 0;
    boolean escaped = false;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',') {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  private static Term term(String selector, String part) throws Invalid {
    for (int i = 0; i < part.length(); i++) {
      // != and == are tried before =, so that neither leaves an operator character in a side.
      for (String op : List.of("!=", "==", "=")) {
        if (part.startsWith(op, i)) {
          return new Term(
              part.substring(0, i), !op.equals("!="), unescape(part.substring(i + op.length())));
        }
      }
    }
    throw new Invalid("invalid selector: '" + selector + "'; can't understand '" + part + "'");
  }

  private static String unescape(String value) throws Invalid {
    StringBuilder out = new StringBuilder();
    boolean escaped = false;
    for (char c : value.toCharArray()) {
      if (escaped) {
        if (c != '\\' && c != ',' && c != '=') {
          throw new Invalid("invalid field selector: invalid escape sequence: \\" + c);
        }
        out.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',' || c == '=') {
        // Go's %v prints the rune as its code point.
        throw new Invalid("invalid field selector: unescaped character in value: " + (int) c);
      } else {
        out.append(c);
      }
    }
    if (escaped) {
      throw new Invalid("invalid field selector: invalid escape sequence: \\");
    }
    return out.toString();
  }
}
