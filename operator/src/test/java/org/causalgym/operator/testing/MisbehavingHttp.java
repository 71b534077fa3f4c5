package org.causalgym.operator.testing;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** HTTP servers on loopback that misbehave as a blackholed or oversized Prometheus would. */
public final class MisbehavingHttp {

  private MisbehavingHttp() {}

  /** A server on 127.0.0.1 that accepts every connection and never says a word; close it. */
  public static ServerSocket silent() throws IOException {
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    Thread accepting =
        new Thread(
            () -> {
              try {
                while (true) {
                  @SuppressWarnings("unused")
                  Socket held = silent.accept(); // accepted, never answered
                }
              } catch (IOException closed) {
                // Test over.
              }
            },
            "silent-server");
    accepting.setDaemon(true);
    accepting.start();
    return silent;
  }

  /**
   * Answers 200 with 50 MB of whitespace inside one JSON object, chunked (no Content-Length), and
   * keeps in mostWritten the most it managed to send in one answer before the client stopped
   * reading (a poller asks again every interval: a total would grow with the test's length).
   */
  public static HttpHandler fiftyMegabytes(AtomicLong mostWritten) {
    return exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) ' ');
      long written = 0;
      try (OutputStream body = exchange.getResponseBody()) {
        body.write('{');
        for (int i = 0; i < 50 * 16; i++) {
          body.write(chunk);
          written += chunk.length;
          mostWritten.accumulateAndGet(written, Math::max);
        }
      } catch (IOException stoppedReading) {
        // The client stopped reading at its cap: what the cap is for.
      }
    };
  }
}
