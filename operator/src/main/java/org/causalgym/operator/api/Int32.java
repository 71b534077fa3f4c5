package org.causalgym.operator.api;

/** Kubernetes' int32 fields (replicas, ports, probe timings), whose bound the schema states. */
final class Int32 {

  /** The largest value of a Kubernetes int32 field. */
  static final long MAX = 2147483647;

  private Int32() {}
}
