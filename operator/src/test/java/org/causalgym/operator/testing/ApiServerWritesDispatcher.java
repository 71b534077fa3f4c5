package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.causalgym.operator.demo.JsonMergePatch;

/**
 * What a real API server does to a write of a namespaced object before it stores it, in front of
 * the mock API: objects of built-in kinds are stored as the Go types encode them ({@link
 * ApiServerEncoding}: omitempty zero values dropped, the serviceAccount alias converted), and, once
 * {@link #runWebhook} is called, a mutating admission webhook adds its label and annotation to
 * every object written and a pull secret to every ServiceAccount, as OpenShift's service account
 * controllers do. A patch is applied to the stored object here and stored as an update, so that it
 * goes through the same steps. Counts the writes it answered, and among them the updates and
 * patches of objects other than the operator's resource and its bookkeeping.
 */
public final class ApiServerWritesDispatcher extends Dispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What no webhook of ours touches: the operator's own resource and its bookkeeping. */
  private static final Set<String> NOT_MUTATED = Set.of("causalgymmonitorings", "events", "leases");

  private final Dispatcher inner;
  private final AtomicInteger writes = new AtomicInteger();
  private final AtomicInteger objectUpdates = new AtomicInteger();
  private volatile Webhook webhook;

  public ApiServerWritesDispatcher(Dispatcher inner) {
    this.inner = inner;
  }

  /**
   * From now on, a mutating webhook adds label and annotation (key=value) to every object written,
   * and to every ServiceAccount a pull secret named after it in imagePullSecrets and secrets, with
   * the annotation naming it, as OpenShift's controller writes them after each change of a
   * ServiceAccount (openshift/openshift-controller-manager commit 03556ab1
   * pkg/internalregistry/controllers/service_account_controller.go, serviceAccountController.sync:
   * a {@code <sa>-dockercfg-<random>} Secret, added to both lists beside the entries already there,
   * and {@code openshift.io/internal-registry-pull-secret-ref}).
   */
  public void runWebhook(String label, String annotation) {
    webhook = new Webhook(label.split("=", 2), annotation.split("=", 2));
  }

  /** The pull secret the webhook gives the ServiceAccount named account. */
  public static String pullSecret(String account) {
    return account + "-dockercfg-x7k2p";
  }

  /** The write requests (POST, PUT, PATCH, DELETE) answered so far. */
  public int writes() {
    return writes.get();
  }

  /**
   * The updates and patches of namespaced objects (not of a CausalGymMonitoring, an Event or a
   * Lease, nor of a status) answered so far: the operator's writes to objects that exist already,
   * and the hand edits of a test.
   */
  public int objectUpdates() {
    return objectUpdates.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpMethod method = request.method();
    if (method == HttpMethod.GET) {
      return inner.dispatch(request);
    }
    writes.incrementAndGet();
    String resource = namespacedResource(request.getPath());
    if (resource == null || NOT_MUTATED.contains(resource)) {
      return inner.dispatch(request);
    }
    if (method == HttpMethod.PUT || method == HttpMethod.PATCH) {
      objectUpdates.incrementAndGet();
    }
    return switch (method) {
      case POST, PUT -> write(request, request.getUtf8Body());
      case PATCH -> patch(request);
      default -> inner.dispatch(request);
    };
  }

  /** The plural of a write's target in a namespace, or null for status and cluster objects. */
  private static String namespacedResource(String path) {
    String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    List<String> segments = List.of(plain.split("/"));
    int namespaces = segments.indexOf("namespaces");
    if (namespaces < 0 || segments.size() < namespaces + 3 || plain.endsWith("/status")) {
      return null;
    }
    return segments.get(namespaces + 2);
  }

  private MockResponse write(RecordedRequest request, String body) {
    JsonNode object;
    try {
      object = JSON.readTree(body);
    } catch (Exception unreadable) {
      return inner.dispatch(withBody(request, request.method(), body));
    }
    if (!object.isObject()) {
      return inner.dispatch(withBody(request, request.method(), body));
    }
    ObjectNode written = (ObjectNode) object;
    // Decoded (and so encoded) before admission, and again after what the webhook patched in.
    ApiServerEncoding.store(written);
    Webhook mutating = webhook;
    if (mutating != null) {
      mutating.mutate(written);
      ApiServerEncoding.store(written);
    }
    return inner.dispatch(withBody(request, request.method(), written.toString()));
  }

  /** A JSON or merge patch, applied to what is stored and written as an update. */
  private MockResponse patch(RecordedRequest request) {
    String body = request.getUtf8Body();
    String contentType = String.valueOf(request.getHeader("Content-Type"));
    boolean merge = contentType.contains("merge-patch");
    boolean json = contentType.contains("json-patch");
    MockResponse current = inner.dispatch(withBody(request, HttpMethod.GET, ""));
    if ((!merge && !json) || current.code() != 200) {
      return inner.dispatch(withBody(request, HttpMethod.PATCH, body));
    }
    try {
      JsonNode stored = JSON.readTree(current.getBody().readUtf8());
      JsonNode patch = JSON.readTree(body);
      JsonNode patched =
          merge ? JsonMergePatch.apply(stored.deepCopy(), patch) : JsonPatch.apply(patch, stored);
      return write(withBody(request, HttpMethod.PUT, ""), patched.toString());
    } catch (Exception unappliable) {
      return inner.dispatch(withBody(request, HttpMethod.PATCH, body));
    }
  }

  private static RecordedRequest withBody(RecordedRequest request, HttpMethod method, String body) {
    return new RecordedRequest(
        request.getHttpVersion(),
        method,
        request.getPath(),
        request.getHeaders(),
        new Buffer().writeUtf8(body));
  }

  /** The mutating webhook: a label and an annotation on everything, pull secrets on accounts. */
  private record Webhook(String[] label, String[] annotation) {

    void mutate(ObjectNode object) {
      ObjectNode metadata = child(object, "metadata");
      child(metadata, "labels").put(label[0], label[1]);
      child(metadata, "annotations").put(annotation[0], annotation[1]);
      if ("ServiceAccount".equals(object.path("kind").asText())) {
        String secret = pullSecret(metadata.path("name").asText());
        child(metadata, "annotations")
            .put("openshift.io/internal-registry-pull-secret-ref", secret);
        for (String list : List.of("imagePullSecrets", "secrets")) {
          ArrayNode secrets =
              object.path(list).isArray() ? (ArrayNode) object.get(list) : object.putArray(list);
          boolean present = false;
          for (JsonNode entry : secrets) {
            present |= secret.equals(entry.path("name").asText());
          }
          if (!present) {
            secrets.addObject().put("name", secret);
          }
        }
      }
    }

    private static ObjectNode child(ObjectNode parent, String field) {
      return parent.path(field).isObject()
          ? (ObjectNode) parent.get(field)
          : parent.putObject(field);
    }
  }
}
