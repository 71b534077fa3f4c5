package org.causalgym.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.causalgym.operator.api.CausalGymMonitoring;
import org.causalgym.operator.api.StackPrometheusSpec;
import org.causalgym.operator.promql.PrometheusTarget;
import org.causalgym.operator.promql.PrometheusVersion;
import org.causalgym.operator.testing.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Prometheus releases a resource's rules must load on, and where that comes from. */
class PrometheusTargetsTest {

  private static final Optional<String> NOTHING_REPORTED = Optional.empty();

  /** A resource of the given stack mode with spec.prometheus.version and image as given. */
  private static CausalGymMonitoring resource(String mode, String version, String image) {
    CausalGymMonitoring cr =
        Repository.resource(
            """
            apiVersion: monitoring.causal-gym.org/v1alpha1
            kind: CausalGymMonitoring
            metadata: {name: bench-4, namespace: lab-north}
            spec:
              app: {image: "registry.example.org/bench:11"}
              stack: {mode: %s}
            """
                .formatted(mode));
    cr.getSpec().prometheus.version = version;
    if (image != null) {
      cr.getSpec().stack.prometheus.image = image;
    }
    return cr;
  }

  private static PrometheusVersion version(String text) {
    return PrometheusVersion.parse(text).orElseThrow();
  }

  @Test
  void nothingKnownIsEverySupportedRelease() {
    PrometheusTarget target =
        PrometheusTargets.choose(resource("external", null, null), NOTHING_REPORTED);
    assertThat(target).isEqualTo(PrometheusTarget.allSupported());
    assertThat(target.versions()).hasSize(PrometheusVersion.supportedMinors().size());
    assertThat(
            PrometheusTargets.choose(resource("external", "", null), NOTHING_REPORTED).versions())
        .as("an empty spec.prometheus.version names nothing")
        .isEqualTo(PrometheusTarget.allSupported().versions());
  }

  @Test
  void aMissingSpecIsEverySupportedRelease() {
    CausalGymMonitoring cr = resource("external", null, null);
    cr.setSpec(null);
    assertThat(PrometheusTargets.choose(cr, Optional.of("2.50.0")))
        .isEqualTo(PrometheusTarget.allSupported());
  }

  @Test
  void theSpecsVersionComesFirst() {
    CausalGymMonitoring cr = resource("managed", "v2.53.1", "quay.io/prometheus/prometheus:v3.1.0");
    PrometheusTarget target = PrometheusTargets.choose(cr, Optional.of("3.4.0"));
    assertThat(target.versions()).containsExactly(version("2.53.1"));
    assertThat(target.reason()).isEqualTo("spec.prometheus.version");
    assertThat(
            PrometheusTargets.choose(resource("external", "3.2", null), NOTHING_REPORTED)
                .versions())
        .as("major.minor alone")
        .containsExactly(version("3.2.0"));
  }

  @Test
  void theReportedVersionComesBeforeTheManagedImage() {
    CausalGymMonitoring managed = resource("managed", null, "quay.io/prometheus/prometheus:v3.1.0");
    PrometheusTarget target = PrometheusTargets.choose(managed, Optional.of("3.3.1"));
    assertThat(target.versions()).containsExactly(version("3.3.1"));
    assertThat(target.reason()).isEqualTo("status.observed.prometheusVersion");
    assertThat(PrometheusTargets.choose(resource("external", null, null), Optional.of("2.47.2")))
        .isEqualTo(PrometheusTarget.of(version("2.47.2"), "status.observed.prometheusVersion"));
  }

  @Test
  void managedModeWithNothingReportedIsTheImagesTag() {
    PrometheusTarget target =
        PrometheusTargets.choose(
            resource("managed", null, "mirror.lab.example:5000/prom/prometheus:v3.2.1"),
            NOTHING_REPORTED);
    assertThat(target.versions())
        .as("the registry's port is not the tag")
        .containsExactly(version("3.2.1"));
    assertThat(target.reason()).isEqualTo("spec.stack.prometheus.image");
  }

  @Test
  void theDefaultImageIsTheManagedTargetAlsoWhereTheFieldIsMissing() {
    PrometheusVersion pinned =
        version(
            StackPrometheusSpec.IMAGE.substring(StackPrometheusSpec.IMAGE.lastIndexOf(':') + 1));
    CausalGymMonitoring unset = resource("managed", null, null);
    assertThat(PrometheusTargets.choose(unset, NOTHING_REPORTED).versions())
        .containsExactly(pinned);
    unset.getSpec().stack.prometheus.image = null;
    assertThat(PrometheusTargets.choose(unset, NOTHING_REPORTED).versions())
        .containsExactly(pinned);
    unset.getSpec().stack.prometheus = null;
    assertThat(PrometheusTargets.choose(unset, NOTHING_REPORTED).versions())
        .containsExactly(pinned);
  }

  @Test
  void theImageCountsOnlyInManagedMode() {
    assertThat(
            PrometheusTargets.choose(
                resource("external", null, "quay.io/prometheus/prometheus:v2.45.0"),
                NOTHING_REPORTED))
        .isEqualTo(PrometheusTarget.allSupported());
  }

  @ParameterizedTest
  @CsvSource({
    "quay.io/prometheus/prometheus",
    "quay.io/prometheus/prometheus:latest",
    "quay.io/prometheus/prometheus:main",
    "registry.lab.example:5000/prometheus",
    "quay.io/prometheus/prometheus@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
  })
  void anImageWithoutAVersionTagIsEverySupportedRelease(String image) {
    PrometheusTarget target =
        PrometheusTargets.choose(resource("managed", null, image), NOTHING_REPORTED);
    assertThat(target.versions()).isEqualTo(PrometheusTarget.allSupported().versions());
    assertThat(target.reason()).startsWith("spec.stack.prometheus.image has no version tag");
  }

  @Test
  void aTagBesideADigestStillNamesTheVersion() {
    assertThat(
            PrometheusTargets.choose(
                    resource(
                        "managed",
                        null,
                        "quay.io/prometheus/prometheus:v2.51.2@sha256:0a1b2c3d4e5f6071"),
                    NOTHING_REPORTED)
                .versions())
        .containsExactly(version("2.51.2"));
  }

  @ParameterizedTest
  @CsvSource({
    "2.30.3, 2.42.0",
    "1.8.2, 2.42.0",
    "2.41.9, 2.42.0",
    "3.6.0, 3.5.0",
    "4.1.0, 3.5.0",
    "2.56.0, 2.55.0",
  })
  void aReleaseOutsideTheSupportedOnesIsCheckedAsTheNearest(String reported, String checked) {
    PrometheusTarget target =
        PrometheusTargets.choose(resource("external", null, null), Optional.of(reported));
    assertThat(target.versions()).containsExactly(version(checked));
    assertThat(target.reason())
        .startsWith("status.observed.prometheusVersion " + version(reported))
        .contains("nearest");
    assertThat(PrometheusTargets.outsideSupported(reported))
        .hasValueSatisfying(note -> assertThat(note).contains("checked for " + checked));
    assertThat(
            PrometheusTargets.choose(
                    resource("managed", null, "quay.io/prometheus/prometheus:v" + reported),
                    NOTHING_REPORTED)
                .versions())
        .containsExactly(version(checked));
  }

  @ParameterizedTest
  @CsvSource({"2.42.0", "2.55.1", "3.0.0", "3.5.3"})
  void theEdgesOfTheSupportedRangeAreTakenAsThey(String reported) {
    assertThat(
            PrometheusTargets.choose(resource("external", null, null), Optional.of(reported))
                .versions())
        .containsExactly(version(reported));
    assertThat(PrometheusTargets.outsideSupported(reported)).isEmpty();
  }

  @Test
  void anUnreadableReportFallsBack() {
    CausalGymMonitoring managed = resource("managed", null, "quay.io/prometheus/prometheus:v3.0.1");
    assertThat(PrometheusTargets.choose(managed, Optional.of("unknown")).versions())
        .containsExactly(version("3.0.1"));
  }
}
