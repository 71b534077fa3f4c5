package org.causalgym.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Reads every write any Kubernetes client of the test JVM sends: a Secret's values are learnt, and
 * every other object, status and Event written is searched for them (and for the values the tests
 * registered). A resource's spec is the test's input, not the operator's output, and is left out.
 */
final class SecretScanWrites implements Interceptor {

  static final SecretScanWrites INSTANCE = new SecretScanWrites();

  /** Shorter values are coincidences, not copies ("admin", "true"). */
  private static final int DISTINCTIVE_LENGTH = 8;

  private static final Pattern SECRETS = Pattern.compile(".*/secrets(/[^/]+)?");
  private static final Pattern RESOURCE_SPEC = Pattern.compile(".*/causalgymmonitorings(/[^/]+)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  final AtomicLong objects = new AtomicLong();
  final AtomicLong statuses = new AtomicLong();
  final AtomicLong events = new AtomicLong();
  final List<String> hits = new CopyOnWriteArrayList<>();

  SecretScanWrites() {}

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String method = request.method();
    if ("GET".equals(method) || "DELETE".equals(method)) {
      return;
    }
    String path = request.uri().getPath();
    JsonNode body = parse(request.bodyString());
    if (body == null) {
      return;
    }
    if (SECRETS.matcher(path).matches()) {
      learn(body);
      return;
    }
    if (RESOURCE_SPEC.matcher(path).matches()) {
      return;
    }
    if (path.endsWith("/status")) {
      statuses.incrementAndGet();
    } else if (path.contains("/events")) {
      events.incrementAndGet();
    } else {
      objects.incrementAndGet();
    }
    if (holdsSecretValue(body)) {
      // Where, never what.
      hits.add(method + " " + path);
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (Exception notJson) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  /** Every value under "data" (base64) or "stringData", wherever the write puts them. */
  private static void learn(JsonNode node) {
    if (node.isArray()) {
      // A JSON patch: its values are the written ones.
      node.forEach(SecretScanWrites::learn);
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode value = field.getValue();
      if (field.getKey().equals("data") && value.isObject()) {
        value.forEach(v -> remember(decode(v.asText())));
      } else if (field.getKey().equals("stringData") && value.isObject()) {
        value.forEach(v -> remember(v.asText()));
      } else if (field.getKey().equals("value") && value.isTextual()) {
        remember(decode(value.asText()));
      } else {
        learn(value);
      }
    }
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return base64;
    }
  }

  private static void remember(String value) {
    if (value.length() >= DISTINCTIVE_LENGTH) {
      SecretValues.register(value);
    }
  }

  private static boolean holdsSecretValue(JsonNode node) {
    if (node.isTextual()) {
      return SecretValues.foundIn(node.asText());
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (holdsSecretValue(element)) {
          return true;
        }
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (SecretValues.foundIn(field.getKey()) || holdsSecretValue(field.getValue())) {
        return true;
      }
    }
    return false;
  }
}
