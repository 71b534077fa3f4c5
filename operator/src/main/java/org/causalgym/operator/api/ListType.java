package org.causalgym.operator.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The x-kubernetes-list-type of a list field in the CRD: "set" (entries unique) or "map" (entries
 * unique by {@link #mapKeys()}); the API server then refuses a duplicate naming its entry. The
 * build writes it into the generated CRD (crd.CrdCompletion), which Fabric8's generator cannot.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ListType {

  /** set or map. */
  String value();

  /** The fields that identify an entry of a map list. */
  String[] mapKeys() default {};
}
