package org.causalgym.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;

/** Metadata of an owned object: the resource's own name and namespace, and the given labels. */
final class ObjectMetas {

  private ObjectMetas() {}

  static ObjectMeta sameName(CausalGymMonitoring cr, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(cr.getMetadata().getName())
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(labels)
        .build();
  }
}
