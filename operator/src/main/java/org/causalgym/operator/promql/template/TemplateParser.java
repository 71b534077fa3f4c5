package org.causalgym.operator.promql.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalgym.operator.promql.template.TemplateToken.Type;

/**
 * Go's text/template parser, as far as it decides whether a template parses: a port of go1.19
 * src/text/template/parse/parse.go (Parse, parse, parseDefinition, itemList, textOrAction, action,
 * pipeline, checkPipeline, parseControl, command, operand, term, useVar), with go1.23's {@code
 * {{else with}}} (parse.go at go1.23: parseControl, elseControl) where the dialect has it. It keeps
 * no tree, only what a later check reads: the kind of each node.
 */
public final class TemplateParser {

  /** What parse.go's checks read of a node: its type, and its text for messages. */
  private record Node(Kind kind, String text) {

    @Override
    public String toString() {
      return text;
    }
  }

  private enum Kind {
    TEXT,
    BLANK_TEXT,
    ACTION,
    CONTROL,
    END,
    ELSE,
    BOOL,
    DOT,
    NIL,
    NUMBER,
    STRING,
    FIELD,
    VARIABLE,
    IDENTIFIER,
    CHAIN,
    PIPE
  }

  private static final Node END = new Node(Kind.END, "{{end}}");
  private static final Node ELSE = new Node(Kind.ELSE, "{{else}}");
  private static final Node CONTROL = new Node(Kind.CONTROL, "control");
  private static final Node ACTION = new Node(Kind.ACTION, "action");

  private final String name;
  private final TemplateDialect dialect;
  private final List<TemplateToken> tokens;
  private final Map<String, Boolean> emptyTrees = new HashMap<>();
  private int index;
  private int furthest;
  private List<String> vars = new ArrayList<>(List.of("$"));
  private int rangeDepth;
  private int actionLine;

  private TemplateParser(String name, String text, TemplateDialect dialect) {
    this.name = name;
    this.dialect = dialect;
    this.tokens = TemplateLexer.lex(text, dialect);
  }

  /**
   * Parses text as text/template's Template.Parse does with the dialect's functions.
   *
   * @param name the template's name, for messages
   * @throws TemplateSyntaxException with Go's message when Go refuses it
   */
  public static void parse(String name, String text, TemplateDialect dialect)
      throws TemplateSyntaxException {
    new TemplateParser(name, text, dialect).parse();
  }

  private TemplateToken next() {
    TemplateToken token = tokens.get(Math.min(index, tokens.size() - 1));
    index++;
    furthest = Math.max(furthest, Math.min(index, tokens.size()) - 1);
    return token;
  }

  private void backup() {
    index--;
  }

  private TemplateToken peek() {
    TemplateToken token = next();
    backup();
    return token;
  }

  private TemplateToken nextNonSpace() {
    TemplateToken token = next();
    while (token.type() == Type.SPACE) {
      token = next();
    }
    return token;
  }

  private TemplateToken peekNonSpace() {
    TemplateToken token = nextNonSpace();
    backup();
    return token;
  }

  /** parse.go, errorf: the line is that of the last item read from the lexer. */
  private TemplateSyntaxException error(String message) {
    return new TemplateSyntaxException(
        "template: " + name + ":" + tokens.get(furthest).line() + ": " + message);
  }

  private void expect(Type expected, String context) throws TemplateSyntaxException {
    TemplateToken token = nextNonSpace();
    if (token.type() != expected) {
      throw unexpected(token, context);
    }
  }

  /** parse.go, unexpected: a lexer error is told as itself, with where its action started. */
  private TemplateSyntaxException unexpected(TemplateToken token, String context) {
    if (token.type() == Type.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != token.line()) {
        extra = " in action started at " + name + ":" + actionLine;
        if (token.text().endsWith(" action")) {
          extra = extra.substring(" in action".length());
        }
      }
      return error(token + extra);
    }
    return error("unexpected " + token + " in " + context);
  }

  /** parse.go, parse: the top level, the only place a {{define}} may start. */
  private void parse() throws TemplateSyntaxException {
    boolean empty = true;
    while (peek().type() != Type.EOF) {
      if (peek().type() == Type.LEFT_DELIM) {
        int delim = index;
        next();
        if (nextNonSpace().type() == Type.DEFINE) {
          parseDefinition();
          continue;
        }
        index = delim;
      }
      Node n = textOrAction();
      if (n.kind() == Kind.END || n.kind() == Kind.ELSE) {
        throw error("unexpected " + n);
      }
      empty &= n.kind() == Kind.BLANK_TEXT;
    }
    add(null, empty);
  }

  /** parse.go, add: a second non-empty definition of a name is refused. */
  private void add(String treeName, boolean empty) throws TemplateSyntaxException {
    Boolean existingEmpty = emptyTrees.get(treeName);
    if (existingEmpty == null || existingEmpty) {
      emptyTrees.put(treeName, empty);
    } else if (!empty) {
      throw error(
          "template: multiple definition of template "
              + GoLiterals.quote(treeName == null ? name : treeName));
    }
  }

  /** parse.go, parseDefinition: a quoted name, then a body up to {{end}}. */
  private void parseDefinition() throws TemplateSyntaxException {
    final String context = "define clause";
    TemplateToken token = nextNonSpace();
    if (token.type() != Type.STRING && token.type() != Type.RAW_STRING) {
      throw unexpected(token, context);
    }
    String treeName = unquote(token);
    expect(Type.RIGHT_DELIM, context);
    parseSubtree(treeName, context);
  }

  /** A {{define}} or {{block}} body is a tree of its own: no variable but $, outside any range. */
  private void parseSubtree(String treeName, String context) throws TemplateSyntaxException {
    List<String> outerVars = vars;
    int outerRangeDepth = rangeDepth;
    vars = new ArrayList<>(List.of("$"));
    rangeDepth = 0;
    ItemList body = itemList();
    if (body.end().kind() != Kind.END) {
      throw error("unexpected " + body.end() + " in " + context);
    }
    add(treeName, body.empty());
    vars = outerVars;
    rangeDepth = outerRangeDepth;
  }

  private String unquote(TemplateToken token) throws TemplateSyntaxException {
    return GoLiterals.unquote(token.text()).orElseThrow(() -> error(GoLiterals.INVALID_SYNTAX));
  }

  /** The nodes up to {{end}} or {{else}}: whether they are empty, and which ended them. */
  private record ItemList(boolean empty, Node end) {}

  /** parse.go, itemList. */
  private ItemList itemList() throws TemplateSyntaxException {
    boolean empty = true;
    while (peekNonSpace().type() != Type.EOF) {
      Node n = textOrAction();
      if (n.kind() == Kind.END || n.kind() == Kind.ELSE) {
        return new ItemList(empty, n);
      }
      empty &= n.kind() == Kind.BLANK_TEXT;
    }
    throw error("unexpected EOF");
  }

  /** parse.go, textOrAction. */
  private Node textOrAction() throws TemplateSyntaxException {
    TemplateToken token = nextNonSpace();
    switch (token.type()) {
      case TEXT:
        return new Node(token.text().isBlank() ? Kind.BLANK_TEXT : Kind.TEXT, token.text());
      case LEFT_DELIM:
        actionLine = token.line();
        try {
          return action();
        } finally {
          actionLine = 0;
        }
      default:
        throw unexpected(token, "input");
    }
  }

  /** parse.go, action: a control keyword, or a pipeline; {{define}} is none of them here. */
  private Node action() throws TemplateSyntaxException {
    TemplateToken token = nextNonSpace();
    switch (token.type()) {
      case BLOCK:
        return blockControl();
      case BREAK:
      case CONTINUE:
        return loopControl(token);
      case ELSE:
        return elseControl();
      case END:
        expect(Type.RIGHT_DELIM, "end");
        return END;
      case IF:
        return parseControl("if");
      case RANGE:
        return parseControl("range");
      case TEMPLATE:
        return templateControl();
      case WITH:
        return parseControl("with");
      default:
        backup();
        pipeline("command", Type.RIGHT_DELIM);
        return ACTION;
    }
  }

  /** parse.go, breakControl and continueControl (go1.18): alone, inside a range. */
  private Node loopControl(TemplateToken keyword) throws TemplateSyntaxException {
    String action = "{{" + keyword.text() + "}}";
    TemplateToken token = nextNonSpace();
    if (token.type() != Type.RIGHT_DELIM) {
      throw unexpected(token, action);
    }
    if (rangeDepth == 0) {
      throw error(action + " outside {{range}}");
    }
    return CONTROL;
  }

  /**
   * parse.go, pipeline: declarations, then commands up to end. A declared variable is defined from
   * here on, even in its own pipeline; an assigned one is not checked.
   */
  private void pipeline(String context, Type end) throws TemplateSyntaxException {
    List<Node> commands = new ArrayList<>();
    int declarations = 0;
    // Declarations: "$x :=", "$x =", and in a range "$i, $e :=".
    boolean again = true;
    while (again && peekNonSpace().type() == Type.VARIABLE) {
      again = false;
      TemplateToken v = nextNonSpace();
      int variableAt = index - 1;
      TemplateToken after = peekNonSpace();
      if (after.type() == Type.ASSIGN || after.type() == Type.DECLARE) {
        nextNonSpace();
        declarations++;
        vars.add(v.text());
      } else if (after.type() == Type.CHAR && after.text().equals(",")) {
        nextNonSpace();
        declarations++;
        vars.add(v.text());
        if (!context.equals("range") || declarations >= 2) {
          throw error("too many declarations in " + context);
        }
        Type second = peekNonSpace().type();
        if (second != Type.VARIABLE && second != Type.RIGHT_DELIM && second != Type.RIGHT_PAREN) {
          throw error("range can only initialize variables");
        }
        again = true;
      } else {
        index = variableAt;
      }
    }
    while (true) {
      TemplateToken token = nextNonSpace();
      if (token.type() == end) {
        checkPipeline(commands, context);
        return;
      }
      switch (token.type()) {
        case BOOL,
            CHAR_CONSTANT,
            COMPLEX,
            DOT,
            FIELD,
            IDENTIFIER,
            NUMBER,
            NIL,
            RAW_STRING,
            STRING,
            VARIABLE,
            LEFT_PAREN -> {
          backup();
          commands.add(command());
        }
        default -> throw unexpected(token, context);
      }
    }
  }

  /** parse.go, checkPipeline: no empty pipeline, and no literal or dot after a "|". */
  private void checkPipeline(List<Node> firstArguments, String context)
      throws TemplateSyntaxException {
    if (firstArguments.isEmpty()) {
      throw error("missing value for " + context);
    }
    for (int i = 1; i < firstArguments.size(); i++) {
      switch (firstArguments.get(i).kind()) {
        case BOOL, DOT, NIL, NUMBER, STRING ->
            throw error("non executable command in pipeline stage " + (i + 1));
        default -> {}
      }
    }
  }

  /**
   * parse.go, parseControl (if, range, with): its declarations end with it; "{{else if" continues
   * an if, and from go1.23 "{{else with" a with.
   */
  private Node parseControl(String context) throws TemplateSyntaxException {
    int outerVars = vars.size();
    pipeline(context, Type.RIGHT_DELIM);
    if (context.equals("range")) {
      rangeDepth++;
    }
    ItemList list = itemList();
    if (context.equals("range")) {
      rangeDepth--;
    }
    if (list.end().kind() == Kind.ELSE) {
      if (context.equals("if") && peek().type() == Type.IF) {
        next();
        parseControl("if");
      } else if (dialect.elseWith() && context.equals("with") && peek().type() == Type.WITH) {
        next();
        parseControl("with");
      } else {
        ItemList elseList = itemList();
        if (elseList.end().kind() != Kind.END) {
          throw error("expected end; found " + elseList.end());
        }
      }
    }
    vars.subList(outerVars, vars.size()).clear();
    return CONTROL;
  }

  /** parse.go, elseControl: "{{else if" (and go1.23's "{{else with") leaves its keyword pending. */
  private Node elseControl() throws TemplateSyntaxException {
    TemplateToken peek = peekNonSpace();
    if (peek.type() == Type.IF || (dialect.elseWith() && peek.type() == Type.WITH)) {
      return ELSE;
    }
    expect(Type.RIGHT_DELIM, "else");
    return ELSE;
  }

  /** parse.go, blockControl: a name, a mandatory pipeline, then a tree of its own. */
  private Node blockControl() throws TemplateSyntaxException {
    final String context = "block clause";
    String blockName = templateName(nextNonSpace(), context);
    pipeline(context, Type.RIGHT_DELIM);
    parseSubtree(blockName, context);
    return CONTROL;
  }

  /** parse.go, templateControl: a name and an optional pipeline; the name is not looked up. */
  private Node templateControl() throws TemplateSyntaxException {
    final String context = "template clause";
    templateName(nextNonSpace(), context);
    if (nextNonSpace().type() != Type.RIGHT_DELIM) {
      backup();
      pipeline(context, Type.RIGHT_DELIM);
    }
    return CONTROL;
  }

  private String templateName(TemplateToken token, String context) throws TemplateSyntaxException {
    if (token.type() != Type.STRING && token.type() != Type.RAW_STRING) {
      throw unexpected(token, context);
    }
    return unquote(token);
  }

  /**
   * parse.go, command: operands up to "|", ")" or "}}"; returns the first, which checkPipeline
   * reads.
   */
  private Node command() throws TemplateSyntaxException {
    Node first = null;
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (first == null) {
        first = operand;
      }
      TemplateToken token = next();
      if (token.type() == Type.SPACE) {
        continue;
      }
      if (token.type() == Type.RIGHT_DELIM || token.type() == Type.RIGHT_PAREN) {
        backup();
      } else if (token.type() != Type.PIPE) {
        throw unexpected(token, "operand");
      }
      break;
    }
    if (first == null) {
      throw error("empty command");
    }
    return first;
  }

  /** parse.go, operand: a term and its field chain, which a literal or a dot may not have. */
  private Node operand() throws TemplateSyntaxException {
    Node node = term();
    if (node == null || peek().type() != Type.FIELD) {
      return node;
    }
    while (peek().type() == Type.FIELD) {
      next();
    }
    return switch (node.kind()) {
      case FIELD, VARIABLE -> node;
      case BOOL, STRING, NUMBER, NIL, DOT ->
          throw error("unexpected . after term " + GoLiterals.quote(node.text()));
      default -> new Node(Kind.CHAIN, node.text());
    };
  }

  /** parse.go, term (with hasFunction and useVar): literals checked as node.go reads them. */
  private Node term() throws TemplateSyntaxException {
    TemplateToken token = nextNonSpace();
    switch (token.type()) {
      case IDENTIFIER:
        if (!dialect.functions().contains(token.text())) {
          throw error("function " + GoLiterals.quote(token.text()) + " not defined");
        }
        return new Node(Kind.IDENTIFIER, token.text());
      case DOT:
        return new Node(Kind.DOT, ".");
      case NIL:
        return new Node(Kind.NIL, "nil");
      case VARIABLE:
        if (!vars.contains(token.text())) {
          throw error("undefined variable " + GoLiterals.quote(token.text()));
        }
        return new Node(Kind.VARIABLE, token.text());
      case FIELD:
        return new Node(Kind.FIELD, token.text());
      case BOOL:
        return new Node(Kind.BOOL, token.text());
      case CHAR_CONSTANT:
        {
          Optional<String> problem = GoLiterals.charConstantProblem(token.text());
          if (problem.isPresent()) {
            throw error(problem.get());
          }
          return new Node(Kind.NUMBER, token.text());
        }
      case COMPLEX:
      case NUMBER:
        {
          Optional<String> problem =
              GoLiterals.numberProblem(token.text(), token.type() == Type.COMPLEX);
          if (problem.isPresent()) {
            throw error(problem.get());
          }
          return new Node(Kind.NUMBER, token.text());
        }
      case LEFT_PAREN:
        pipeline("parenthesized pipeline", Type.RIGHT_PAREN);
        return new Node(Kind.PIPE, "(pipeline)");
      case STRING:
      case RAW_STRING:
        unquote(token);
        return new Node(Kind.STRING, token.text());
      default:
        backup();
        return null;
    }
  }
}
