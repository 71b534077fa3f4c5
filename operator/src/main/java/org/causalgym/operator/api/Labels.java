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

  public static final String VALID_LABELS_RULE =
      "self.all(k, size(k) <= 317"
          + " && k.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$')"
          + " && self[k].matches('^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$'))";

  public static final String VALID_LABELS_MESSAGE =
      "keys must be Kubernetes label keys ([prefix/]name, name at most 63 characters) and values"
          + " label values (at most 63 letters, digits, '-', '_' or '.', starting and ending with"
          + " a letter or digit)";

  private Labels() {}
}
