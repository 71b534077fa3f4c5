package org.causalgym.operator.api;

/** The shape an HTTP path in the spec must have: absolute, without spaces, query or fragment. */
public final class HttpPath {

  public static final String PATTERN = "^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$";

  private HttpPath() {}
}
