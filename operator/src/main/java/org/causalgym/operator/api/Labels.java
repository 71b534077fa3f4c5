package org.causalgym.operator.api;

/**
 * The label keys the operator sets on every object it owns, and the rule every user label map of
 * the spec follows: valid Kubernetes label keys and values, none of the operator's keys.
 */
public final class Labels {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /** The operator's informers select on this key: a user value would hide the object from them. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** CEL rule of a user label map: keys and values valid, none of the keys above. */
  public static final String USER_LABELS_RULE =
      "self.all(k, !(k in ['"
          + NAME
          + "', '"
          + INSTANCE
          + "', '"
          + PART_OF
          + "', '"
          + MANAGED_BY
          + "']))";

  public static final String USER_LABELS_MESSAGE =
      "may not set "
          + NAME
          + ", "
          + INSTANCE
          + ", "
          + PART_OF
          + " or "
          + MANAGED_BY
          + ": the operator sets them and finds its objects by them";

  /**
   * CEL rule of a label map's keys: [prefix/]name as the API server validates label keys. Map keys
   * cannot take an OpenAPI pattern; the values can, see {@link #VALUE_PATTERN}.
   */
  public static final String VALID_KEYS_RULE =
      "self.all(k, size(k) <= 317"
          + " && k.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$'))";

  public static final String VALID_KEYS_MESSAGE =
      "keys must be Kubernetes label keys ([prefix/]name: a DNS subdomain prefix, a name of at"
          + " most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)";

  /** A label value: at most {@link #VALUE_MAX_LENGTH} characters of this shape. */
  public static final String VALUE_PATTERN = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";

  public static final int VALUE_MAX_LENGTH = 63;

  /** How many labels a map of the spec may hold; the API server sizes CEL costs by it. */
  public static final int MAX_LABELS = 64;

  private Labels() {}
}
