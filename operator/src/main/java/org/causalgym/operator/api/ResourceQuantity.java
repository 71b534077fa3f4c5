package org.causalgym.operator.api;

/**
 * The shape of a Kubernetes quantity above zero (1Gi, 500M, 0.5Gi), as an OpenAPI pattern: the
 * grammar of k8s.io/apimachinery v0.32.0 pkg/api/resource/quantity.go without a sign or zero.
 */
public final class ResourceQuantity {

  public static final String POSITIVE_PATTERN =
      "^\\+?([0-9]*[1-9][0-9]*(\\.[0-9]*)?|[0-9]*\\.[0-9]*[1-9][0-9]*)"
          + "(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE]\\+?[0-9]+)?$";

  private ResourceQuantity() {}
}
