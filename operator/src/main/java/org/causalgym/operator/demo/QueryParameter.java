package org.causalgym.operator.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One parameter of a request path's query, decoded as the API server decodes it. */
final class QueryParameter {

  private QueryParameter() {}

  /** The first value of name in path's query: "" where it has none, empty where it is absent. */
  static Optional<String> in(String path, String name) {
    int question = path.indexOf('?');
    if (question < 0) {
      return Optional.empty();
    }
    for (String pair : path.substring(question + 1).split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return Optional.of(
            equals < 0
                ? ""
                : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }
}
