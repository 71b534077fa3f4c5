package org.causalgym.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;

/**
 * The operator's client reads a CRD with what {@link ClusterWatch} looks at, its versions and
 * whether each is served, and without the schemas it never looks at.
 */
class CrdReadingTest {

  @Test
  void aCrdIsReadWithItsServedVersionsAndWithoutItsSchemas() {
    String yaml =
        Repository.text(
            Repository.root()
                .resolve("operator/src/test/resources/upstream-crds")
                .resolve("monitoring.coreos.com_alertmanagerconfigs.yaml"));
    String json =
        new KubernetesSerialization().asJson(new KubernetesSerialization().unmarshal(yaml));

    CustomResourceDefinition plain =
        new KubernetesSerialization().unmarshal(json, CustomResourceDefinition.class);
    CustomResourceDefinition shipped =
        CausalGymOperator.serialization().unmarshal(json, CustomResourceDefinition.class);

    assertThat(plain.getSpec().getVersions()).allMatch(v -> v.getSchema() != null);
    assertThat(shipped.getSpec().getVersions())
        .extracting(
            CustomResourceDefinitionVersion::getName, CustomResourceDefinitionVersion::getServed)
        .isEqualTo(
            plain.getSpec().getVersions().stream()
                .map(v -> tuple(v.getName(), v.getServed()))
                .toList());
    assertThat(shipped.getSpec().getVersions()).allMatch(v -> v.getSchema() == null);
    assertThat(shipped.getMetadata().getName()).isEqualTo(plain.getMetadata().getName());
  }
}
