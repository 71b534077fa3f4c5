package org.causalgym.operator.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.causalgym.operator.desired.JsonMapping;
import org.causalgym.operator.status.ObservedReason;
import org.causalgym.operator.status.PrometheusSnapshot.Failure;

/**
 * One GET of a Prometheus HTTP API path, bounded: the whole exchange (connect, headers, body) ends
 * at a deadline, at most a set number of bytes is read, and the body is parsed as it streams, so
 * that neither a slow nor a huge answer holds a thread or the heap. Redirects are followed only to
 * the same scheme, host and port. Neither headers nor bodies are ever logged.
 */
public final class PrometheusExchange {

  /** Reads what is needed from the body as it streams in. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(JsonParser body) throws IOException;
  }

  /** Why an exchange gave no answer: the Observed reason and a message stable from poll to poll. */
  public static final class Failed extends Exception {
    private final transient Failure failure;

    Failed(ObservedReason reason, String message) {
      super(message, null, false, false);
      this.failure = new Failure(reason, message);
    }

    public Failure failure() {
      return failure;
    }
  }

  static final int MAX_REDIRECTS = 3;

  /**
   * Clients are kept per trust (identity of the SSLContext); more than this are let go, oldest
   * first.
   */
  private static final int MAX_CLIENTS = 32;

  private static final JsonFactory JSON = JsonMapping.factory();

  private final PollSettings settings;
  private final ScheduledExecutorService timer;
  private final Map<SSLContext, HttpClient> clients =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SSLContext, HttpClient> eldest) {
          return size() > MAX_CLIENTS;
        }
      };
  private final HttpClient defaultClient;

  /**
   * @param timer closes a body that is still streaming at the deadline
   */
  public PrometheusExchange(PollSettings settings, ScheduledExecutorService timer) {
    this.settings = settings;
    this.timer = timer;
    this.defaultClient = client(null);
  }

  private HttpClient client(SSLContext ssl) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            // Followed here, and only to the same host: see get.
            .followRedirects(HttpClient.Redirect.NEVER);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    return builder.build();
  }

  private HttpClient clientFor(PrometheusAccess access) {
    if (access.sslContext() == null) {
      return defaultClient;
    }
    synchronized (clients) {
      return clients.computeIfAbsent(access.sslContext(), this::client);
    }
  }

  /**
   * GETs path (with its query) under the base URL and reads the answer.
   *
   * @param deadline System.nanoTime() by which the whole exchange, redirects included, has ended
   * @throws Failed with the Observed reason of what went wrong
   * @throws InterruptedException when the poller is stopping
   */
  public <T> T get(
      URI base, String path, PrometheusAccess access, long deadline, BodyReader<T> reader)
      throws Failed, InterruptedException {
    String root =
        base.toString().endsWith("/")
            ? base.toString().substring(0, base.toString().length() - 1)
            : base.toString();
    URI uri = URI.create(root + path);
    String name = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    HttpClient client = clientFor(access);
    for (int hop = 0; ; hop++) {
      HttpResponse<InputStream> response = send(client, uri, access, deadline, name);
      int status = response.statusCode();
      if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
        close(response.body());
        URI next = redirect(uri, response.headers().firstValue("Location").orElseThrow(), name);
        if (hop + 1 > MAX_REDIRECTS) {
          throw new Failed(
              ObservedReason.RedirectRefused, name + ": more than " + MAX_REDIRECTS + " redirects");
        }
        uri = next;
        continue;
      }
      if (status != 200) {
        close(response.body());
        throw statusFailure(name, status);
      }
      return read(response, deadline, name, reader);
    }
  }

  private static Failed statusFailure(String name, int status) {
    return switch (status) {
      case 401 -> new Failed(ObservedReason.Unauthorized, name + ": HTTP 401 Unauthorized");
      case 403 -> new Failed(ObservedReason.Forbidden, name + ": HTTP 403 Forbidden");
      default -> new Failed(ObservedReason.PrometheusUnreachable, name + ": HTTP " + status);
    };
  }

  /** The redirect's target where it is the same scheme, host and port; refused otherwise. */
  private static URI redirect(URI from, String location, String name) throws Failed {
    URI to;
    try {
      to = from.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new Failed(ObservedReason.RedirectRefused, name + ": redirected to an invalid URL");
    }
    if (!Objects.equals(scheme(from), scheme(to))
        || to.getHost() == null
        || !to.getHost().equalsIgnoreCase(from.getHost())
        || port(from) != port(to)) {
      // The host only: the target's path or query may carry what the redirecting server put there.
      throw new Failed(
          ObservedReason.RedirectRefused,
          name
              + ": redirected to another host, "
              + (to.getHost() == null ? "(none)" : to.getHost() + ":" + port(to))
              + "; only redirects to the same scheme, host and port are followed");
    }
    return to;
  }

  private static String scheme(URI uri) {
    return uri.getScheme() == null ? null : uri.getScheme().toLowerCase();
  }

  private static int port(URI uri) {
    return uri.getPort() != -1
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private HttpResponse<InputStream> send(
      HttpClient client, URI uri, PrometheusAccess access, long deadline, String name)
      throws Failed, InterruptedException {
    long left = remaining(deadline, name);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofNanos(left))
            .header("Accept", "application/json");
    if (access.authorization() != null) {
      request.header("Authorization", access.authorization());
    }
    CompletableFuture<HttpResponse<InputStream>> future;
    try {
      future = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IllegalArgumentException e) {
      throw new Failed(
          ObservedReason.PrometheusUnreachable, name + ": not a URL that can be asked");
    }
    try {
      return future.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(name);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException | CancellationException e) {
      throw failure(name, e.getCause() == null ? e : e.getCause());
    }
  }

  private <T> T read(
      HttpResponse<InputStream> response, long deadline, String name, BodyReader<T> reader)
      throws Failed, InterruptedException {
    long cap = settings.maxResponseBytes();
    InputStream body = response.body();
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > cap) {
      close(body);
      throw tooLarge(name);
    }
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> alarm;
    try {
      alarm =
          timer.schedule(
              () -> {
                expired.set(true);
                close(body);
              },
              remaining(deadline, name),
              TimeUnit.NANOSECONDS);
    } catch (Failed e) {
      close(body);
      throw e;
    }
    Capped capped = new Capped(body, cap);
    try (JsonParser parser = JSON.createParser(capped)) {
      return reader.read(parser);
    } catch (IOException e) {
      if (capped.exceeded) {
        throw tooLarge(name);
      }
      if (expired.get()) {
        throw timeout(name);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      if (e instanceof PrometheusAnswers.NotAnAnswer) {
        throw new Failed(ObservedReason.PrometheusUnreachable, name + ": " + e.getMessage());
      }
      throw e instanceof com.fasterxml.jackson.core.JsonProcessingException
          ? new Failed(
              ObservedReason.PrometheusUnreachable,
              name + ": the answer is not the JSON of Prometheus' HTTP API")
          : failure(name, e);
    } finally {
      alarm.cancel(false);
      close(body);
    }
  }

  private long remaining(long deadline, String name) throws Failed {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw timeout(name);
    }
    return left;
  }

  private Failed timeout(String name) {
    return new Failed(
        ObservedReason.PrometheusTimeout,
        name
            + ": no complete answer within "
            + settings.timeout().toString().substring(2).toLowerCase()
            + " (--prometheus-poll-timeout)");
  }

  private Failed tooLarge(String name) {
    return new Failed(
        ObservedReason.ResponseTooLarge,
        name
            + ": the answer is larger than "
            + settings.maxResponseBytes()
            + " bytes (--prometheus-max-response-bytes)");
  }

  /** What an I/O failure was, by type: the JDK's messages are often empty or name a socket. */
  private Failed failure(String name, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new Failed(
            ObservedReason.TLSFailed,
            name + ": the TLS handshake failed (" + t.getClass().getSimpleName() + ")");
      }
      if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
        return timeout(name);
      }
    }
    return new Failed(
        ObservedReason.PrometheusUnreachable,
        name
            + ": "
            + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
  }

  private static void close(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // The exchange is over either way.
    }
  }

  /** Stops reading past the cap: the rest of a huge answer is never taken off the socket. */
  private static final class Capped extends FilterInputStream {
    private final long cap;
    private long read;
    private volatile boolean exceeded;

    Capped(InputStream in, long cap) {
      super(in);
      this.cap = cap;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, (int) Math.min(len, cap + 1 - read));
      if (n > 0) {
        read += n;
        if (read > cap) {
          exceeded = true;
          throw new IOException("over the cap");
        }
      }
      return n;
    }
  }
}
