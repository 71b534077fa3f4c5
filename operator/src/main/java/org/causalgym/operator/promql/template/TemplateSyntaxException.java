package org.causalgym.operator.promql.template;

/** A template Go's text/template refuses to parse, with Go's message. */
public final class TemplateSyntaxException extends Exception {

  private static final long serialVersionUID = 1L;

  TemplateSyntaxException(String message) {
    super(message);
  }
}
