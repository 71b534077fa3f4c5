package org.causalgym.operator.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** A TCP port no one listens on, for a server or process a test starts next. */
public final class FreePort {

  private FreePort() {}

  /** A port the kernel just handed out and took back. */
  public static int find() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
