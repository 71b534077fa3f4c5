package org.causalgym.operator.testing;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelCall;
import dev.cel.common.ast.CelExpr.CelComprehension;
import dev.cel.common.ast.CelExpr.CelSelect;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalgym.operator.testing.CelDeclType.Kind;

/**
 * The worst-case cost cel-go's checker estimates for a CEL expression, the figure kube-apiserver
 * compares with its limits when a CRD is written. A port of google/cel-go v0.23.2 (the version
 * kubernetes v1.33.13 vendors) checker/cost.go, for the constructs our rules use: literals, list
 * literals, identifiers, field selection, has(), indexing, the all/exists/exists_one macros, &&,
 * ||, !, ?:, ==, !=, ordering, in, +, size(), duration(), matches() and contains(). Anything else
 * is refused, naming the construct, rather than estimated as free. Sizes come from the schema as
 * Kubernetes' size estimator gives them: kubernetes v1.33.13
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/compilation.go sizeEstimator,
 * which answers {@link CelDeclType#maxElements()} for any value reached from self by fields, items,
 * map values or map keys.
 */
public final class CelCostEstimator {

  /**
   * Where cel-go saturates at 2^64-1 this saturates at 2^63-1; an unknown size is this too. Only
   * figures a billion times over the limits are affected.
   */
  public static final long SATURATED = Long.MAX_VALUE;

  // cel-go v0.23.2 common/cost.go.
  private static final long SELECT_AND_IDENT_COST = 1;
  private static final long CONST_COST = 0;
  private static final long LIST_CREATE_BASE_COST = 10;
  private static final double STRING_TRAVERSAL_COST_FACTOR = 0.1;
  private static final double REGEX_STRING_LENGTH_COST_FACTOR = 0.25;

  /**
   * has() is free: k8s.io/apiserver v0.33.13 pkg/cel/environment/base.go sets
   * checker.PresenceTestHasCost(false).
   */
  private static final long PRESENCE_TEST_COST = 0;

  /** cel-go checker/cost.go isScalar: values of these types have size 1. */
  private static final Set<Kind> SCALARS =
      EnumSet.of(Kind.BOOL, Kind.INT, Kind.DOUBLE, Kind.DURATION, Kind.TIMESTAMP);

  private static final Set<Kind> ORDERED_IN_CONSTANT_TIME =
      EnumSet.of(Kind.INT, Kind.DOUBLE, Kind.DURATION, Kind.TIMESTAMP);

  private static final Cel PARSER =
      CelFactory.standardCelBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS).build();

  /**
   * What cel-go's coster knows of an expression it has estimated.
   *
   * @param cost its maximum cost
   * @param kind its type
   * @param schema the schema node its path from self reaches (checker AstNode.Path), or null
   * @param size its maximum size (characters, items, entries; 1 for scalars), SATURATED if unknown
   */
  private record Value(long cost, Kind kind, CelDeclType schema, long size) {

    static Value of(long cost, Kind kind) {
      return new Value(cost, kind, null, SCALARS.contains(kind) ? 1 : SATURATED);
    }

    /** checker/cost.go computeSize: a path's estimate comes before the scalar size of 1. */
    static Value at(long cost, CelDeclType schema) {
      return new Value(cost, schema.kind(), schema, schema.maxElements());
    }

    Value withCost(long newCost) {
      return new Value(newCost, kind, schema, size);
    }
  }

  private final String rule;
  private final CelDeclType self;
  private final Map<String, Deque<Value>> locals = new HashMap<>();

  private CelCostEstimator(String rule, CelDeclType self) {
    this.rule = rule;
    this.self = self;
  }

  /**
   * The maximum cost of rule evaluated on a value of type self (checker.Cost(...).Max).
   *
   * @throws IllegalArgumentException where the rule does not parse or uses a construct this
   *     estimate does not model
   */
  public static long maxCost(String rule, CelDeclType self) {
    CelExpr expr;
    try {
      expr = PARSER.parse(rule).getAst().getExpr();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("`" + rule + "` does not parse: " + e.getMessage(), e);
    }
    return new CelCostEstimator(rule, self).cost(expr).cost();
  }

  private Value cost(CelExpr e) {
    return switch (e.getKind()) {
      case CONSTANT -> constant(e.constant());
      case IDENT -> ident(e.ident().name());
      case SELECT -> select(e.select());
      case CALL -> call(e.call());
      case LIST -> list(e.list().elements());
      case COMPREHENSION -> comprehension(e.comprehension());
      default -> throw unsupported("a " + e.getKind().name().toLowerCase() + " literal");
    };
  }

  private Value constant(CelConstant c) {
    return switch (c.getKind()) {
      case BOOLEAN_VALUE -> Value.of(CONST_COST, Kind.BOOL);
      case INT64_VALUE, UINT64_VALUE -> Value.of(CONST_COST, Kind.INT);
      case DOUBLE_VALUE -> Value.of(CONST_COST, Kind.DOUBLE);
      // checker/cost.go computeExprSize: a string literal's size is its number of code points.
      case STRING_VALUE ->
          new Value(
              CONST_COST,
              Kind.STRING,
              null,
              c.stringValue().codePointCount(0, c.stringValue().length()));
      case BYTES_VALUE -> new Value(CONST_COST, Kind.BYTES, null, c.bytesValue().size());
      default -> throw unsupported("a " + c.getKind() + " literal");
    };
  }

  private Value ident(String name) {
    Deque<Value> local = locals.get(name);
    if (local != null && !local.isEmpty()) {
      return local.peek().withCost(SELECT_AND_IDENT_COST);
    }
    // compilation.go sizeEstimator drops the variable name and walks the rest of the path from
    // self's type; oldSelf has self's type.
    if (name.equals("self") || name.equals("oldSelf")) {
      return Value.at(SELECT_AND_IDENT_COST, self);
    }
    throw unsupported("the identifier " + name);
  }

  private Value select(CelSelect select) {
    Value operand = cost(select.operand());
    if (operand.kind() != Kind.OBJECT && operand.kind() != Kind.MAP) {
      throw unsupported("." + select.field() + " on a " + operand.kind());
    }
    if (select.testOnly()) {
      return Value.of(add(PRESENCE_TEST_COST, operand.cost()), Kind.BOOL);
    }
    if (operand.schema() == null) {
      throw unsupported("." + select.field() + " on a value without a schema");
    }
    // costSelect: selecting from a map or an object costs one more than the operand.
    long cost = add(operand.cost(), SELECT_AND_IDENT_COST);
    if (operand.kind() == Kind.MAP) {
      // The size estimator finds no field of that name in a map's type: the scalar size applies.
      return Value.of(cost, operand.schema().elem().kind());
    }
    CelDeclType field = operand.schema().fields().get(select.field());
    if (field == null) {
      throw unsupported("the field " + select.field() + ", which the schema does not declare");
    }
    return Value.at(cost, field);
  }

  private Value list(List<CelExpr> elements) {
    long cost = LIST_CREATE_BASE_COST;
    for (CelExpr element : elements) {
      cost = add(cost, cost(element).cost());
    }
    return new Value(cost, Kind.LIST, null, elements.size());
  }

  /** costComprehension, for the all, exists and exists_one macros. */
  private Value comprehension(CelComprehension c) {
    if (!c.iterVar2().isEmpty()) {
      throw unsupported("a two-variable comprehension");
    }
    if (c.accuInit().getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
      throw unsupported("a comprehension building a list or map (map, filter)");
    }
    Value range = cost(c.iterRange());
    Value init = cost(c.accuInit());
    // checker/cost.go pushIterSingle: a list's variable walks @items, a map's @keys.
    CelDeclType element =
        range.schema() == null
            ? null
            : switch (range.kind()) {
              case LIST -> range.schema().elem();
              case MAP -> range.schema().key();
              default -> null;
            };
    if (element == null) {
      throw unsupported("iterating over a value that is not a list or map of the schema");
    }
    push(c.accuVar(), Value.of(0, init.kind()));
    push(c.iterVar(), Value.at(0, element));
    long perElement = add(cost(c.loopCondition()).cost(), cost(c.loopStep()).cost());
    pop(c.iterVar());
    Value result = cost(c.result());
    pop(c.accuVar());
    long cost = add(add(range.cost(), init.cost()), result.cost());
    return new Value(
        add(cost, multiply(range.size(), perElement)), result.kind(), null, init.size());
  }

  private Value call(CelCall call) {
    List<Value> args = call.args().stream().map(this::cost).toList();
    Value target = call.target().map(this::cost).orElse(null);
    Value result = function(call.function(), target, args);
    return target == null ? result : result.withCost(add(result.cost(), target.cost()));
  }

  /** coster.functionCost: the call's cost with its arguments', without its target's. */
  private Value function(String function, Value target, List<Value> args) {
    long argCost = 0;
    for (Value arg : args) {
      argCost = add(argCost, arg.cost());
    }
    long constantTime = add(1, argCost);
    switch (function) {
      case "_&&_", "_||_":
        // No cost of its own; the estimate assumes both sides are evaluated.
        return Value.of(argCost, Kind.BOOL);
      case "_?_:_":
        return new Value(
            add(args.get(0).cost(), Math.max(args.get(1).cost(), args.get(2).cost())),
            args.get(1).kind(),
            null,
            Math.max(args.get(1).size(), args.get(2).size()));
      case "_==_", "_!=_":
        return Value.of(add(compareCost(args), argCost), Kind.BOOL);
      case "_<_", "_<=_", "_>_", "_>=_":
        if (sameKind(args, Kind.STRING) || sameKind(args, Kind.BYTES)) {
          return Value.of(add(compareCost(args), argCost), Kind.BOOL);
        }
        if (ORDERED_IN_CONSTANT_TIME.contains(args.get(0).kind())
            && ORDERED_IN_CONSTANT_TIME.contains(args.get(1).kind())) {
          return Value.of(constantTime, Kind.BOOL);
        }
        break;
      case "@in":
        if (args.get(1).kind() == Kind.LIST) {
          // overloads.InList: linear in the list's size, even for a list of constants.
          return Value.of(add(args.get(1).size(), argCost), Kind.BOOL);
        }
        if (args.get(1).kind() == Kind.MAP) {
          return Value.of(constantTime, Kind.BOOL);
        }
        break;
      case "matches":
        if (isStringMember(target, args)) {
          // overloads.MatchesString: (size + 1) * 0.1 for the string times size * 0.25 for the
          // regex, each rounded up.
          long string = multiplyByCostFactor(add(target.size(), 1), STRING_TRAVERSAL_COST_FACTOR);
          long regex = multiplyByCostFactor(args.get(0).size(), REGEX_STRING_LENGTH_COST_FACTOR);
          return Value.of(add(multiply(string, regex), argCost), Kind.BOOL);
        }
        break;
      case "contains":
        if (isStringMember(target, args)) {
          long string = multiplyByCostFactor(target.size(), STRING_TRAVERSAL_COST_FACTOR);
          long substring = multiplyByCostFactor(args.get(0).size(), STRING_TRAVERSAL_COST_FACTOR);
          return Value.of(add(multiply(string, substring), argCost), Kind.BOOL);
        }
        break;
      case "_+_":
        if (sameKind(args, Kind.STRING)) {
          long size = add(args.get(0).size(), args.get(1).size());
          long cost = multiplyByCostFactor(size, STRING_TRAVERSAL_COST_FACTOR);
          return new Value(add(cost, argCost), Kind.STRING, null, size);
        }
        if (sameKind(args, Kind.INT) || sameKind(args, Kind.DOUBLE)) {
          return Value.of(constantTime, args.get(0).kind());
        }
        break;
      case "!_", "@not_strictly_false":
        return Value.of(constantTime, Kind.BOOL);
      case "size":
        Value sized = target != null ? target : args.get(0);
        if (EnumSet.of(Kind.STRING, Kind.BYTES, Kind.LIST, Kind.MAP).contains(sized.kind())) {
          return Value.of(constantTime, Kind.INT);
        }
        break;
      case "duration":
        if (target == null
            && args.size() == 1
            && EnumSet.of(Kind.STRING, Kind.DURATION).contains(args.get(0).kind())) {
          return Value.of(constantTime, Kind.DURATION);
        }
        break;
      case "_[_]":
        return index(args.get(0), args.get(1), constantTime);
      default:
        break;
    }
    throw unsupported(
        function
            + (target == null ? "" : " on a " + target.kind())
            + " with "
            + args.stream().map(a -> a.kind().toString()).toList());
  }

  /** The size estimate of self[i] or self[k] is the items' or values' (path @items, @values). */
  private Value index(Value container, Value key, long cost) {
    boolean listIndex = container.kind() == Kind.LIST && key.kind() == Kind.INT;
    boolean mapIndex = container.kind() == Kind.MAP && key.kind() == Kind.STRING;
    if (container.schema() == null || !(listIndex || mapIndex)) {
      throw unsupported("indexing a " + container.kind() + " by a " + key.kind());
    }
    return Value.at(cost, container.schema().elem());
  }

  /**
   * Equality and string ordering traverse the shorter operand: 0.1 per element of the smaller
   * maximum, rounded up.
   */
  private static long compareCost(List<Value> args) {
    return multiplyByCostFactor(
        Math.min(args.get(0).size(), args.get(1).size()), STRING_TRAVERSAL_COST_FACTOR);
  }

  private static boolean isStringMember(Value target, List<Value> args) {
    return target != null
        && target.kind() == Kind.STRING
        && args.size() == 1
        && args.get(0).kind() == Kind.STRING;
  }

  private static boolean sameKind(List<Value> args, Kind kind) {
    return args.size() == 2 && args.get(0).kind() == kind && args.get(1).kind() == kind;
  }

  private void push(String name, Value value) {
    locals.computeIfAbsent(name, n -> new ArrayDeque<>()).push(value);
  }

  private void pop(String name) {
    locals.get(name).pop();
  }

  private IllegalArgumentException unsupported(String construct) {
    return new IllegalArgumentException(
        "`" + rule + "` uses " + construct + ", which this cost estimate does not model");
  }

  /** Addition that saturates, as cel-go's addUint64NoOverflow. */
  static long add(long x, long y) {
    return x > SATURATED - y ? SATURATED : x + y;
  }

  /** Multiplication that saturates, as cel-go's multiplyUint64NoOverflow. */
  static long multiply(long x, long y) {
    return y != 0 && x > SATURATED / y ? SATURATED : x * y;
  }

  /** cel-go's multiplyByCostFactor: x * factor in floating point, rounded up. */
  private static long multiplyByCostFactor(long x, double factor) {
    double product = Math.ceil((double) x * factor);
    return product >= 0x1p63 ? SATURATED : (long) product;
  }
}
