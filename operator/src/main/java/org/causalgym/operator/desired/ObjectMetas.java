package org.causalgym.operator.desired;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.causalgym.operator.api.CausalGymMonitoring;

/** Metadata of an owned object: the resource's namespace, a name derived from it, and labels. */
final class ObjectMetas {

  private ObjectMetas() {}

  static ObjectMeta sameName(CausalGymMonitoring cr, Map<String, String> labels) {
    return named(cr, cr.getMetadata().getName(), labels);
  }

  static ObjectMeta named(CausalGymMonitoring cr, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(cr.getMetadata().getNamespace())
        .withLabels(labels)
        .build();
  }
}
