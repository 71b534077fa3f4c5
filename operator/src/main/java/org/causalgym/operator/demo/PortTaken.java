package org.causalgym.operator.demo;

/** A port the demo was asked to listen on is held by another process. */
public final class PortTaken extends IllegalStateException {

  /** Which of the demo's ports. */
  public enum Port {
    HTTP,
    API
  }

  private final Port which;
  private final int number;

  PortTaken(Port which, int number) {
    super("port " + number + " on 127.0.0.1 is taken");
    this.which = which;
    this.number = number;
  }

  public Port which() {
    return which;
  }

  public int number() {
    return number;
  }
}
