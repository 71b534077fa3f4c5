package org.causalgym.operator.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/** CRDs for kinds of other projects (the prometheus-operator's), derived from Fabric8's models. */
public final class SchemalessCrds {

  private SchemalessCrds() {}

  /** A CRD that serves the kind of a Fabric8 model class, its schema left open. */
  public static CustomResourceDefinition of(Class<? extends HasMetadata> type) {
    String plural = HasMetadata.getPlural(type);
    String group = HasMetadata.getGroup(type);
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + "." + group)
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(HasMetadata.getKind(type))
        .withPlural(plural)
        .withSingular(HasMetadata.getSingular(type))
        .endNames()
        .addNewVersion()
        .withName(HasMetadata.getVersion(type))
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
