package org.causalgym.operator.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.causalgym.operator.demo.Demo;

/**
 * Every Secret value the tests put into a cluster (registered by the tests, or learnt from the
 * Secrets any client wrote), so that the suite can look for them where they must never be:
 * distinctive, so that a hit is a copy and not a coincidence.
 */
public final class SecretValues {

  private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

  static {
    VALUES.add(Demo.PLACEHOLDER_SECRET_VALUE);
    VALUES.add(Repository.LITERAL_PASSWORD);
  }

  private SecretValues() {}

  /** A new distinctive value for a test Secret, registered for the scan. */
  public static String distinct(String purpose) {
    return register("secret-" + purpose + "-" + UUID.randomUUID());
  }

  /** Registers a value a test writes into a Secret; returns it. */
  public static String register(String value) {
    VALUES.add(value);
    return value;
  }

  public static int count() {
    return VALUES.size();
  }

  /** Whether the text holds a registered value, as it is or base64-encoded. */
  public static boolean foundIn(String text) {
    for (String value : VALUES) {
      String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
      if (text.contains(value) || text.contains(encoded)) {
        return true;
      }
    }
    return false;
  }
}
