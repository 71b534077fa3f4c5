package org.causalgym.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Prometheus URL allow-list: what each kind of entry admits, and what it refuses. */
class UrlPolicyTest {

  private static boolean allowed(UrlPolicy policy, String url) {
    return policy.refusal(URI.create(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://gym-prometheus.lab.svc:9090",
        "http://prometheus-operated.monitoring.svc.cluster.local:9090/",
        "https://THANOS-QUERIER.openshift-monitoring.SVC:9091",
        "http://gym-prometheus.lab.svc.:9090",
        "http://a.b.c.svc"
      })
  void theDefaultAllowsInClusterServiceNames(String url) {
    assertThat(allowed(UrlPolicy.defaults(), url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5:9090",
        "http://[::1]:9090",
        "http://127.0.0.1:9090",
        "http://localhost:9090",
        "http://svc:9090",
        "http://evilsvc:9090",
        "http://prometheus.svc.example.org",
        "http://metadata.google.internal",
        "file:///etc/passwd"
      })
  void theDefaultRefusesAddressesAndOtherNames(String url) {
    assertThat(allowed(UrlPolicy.defaults(), url)).isFalse();
  }

  @Test
  void theDefaultAllowsTheManagedStacksUrl() {
    org.causalgym.operator.api.CausalGymMonitoring cr =
        new org.causalgym.operator.api.CausalGymMonitoring();
    cr.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("gym")
            .withNamespace("lab")
            .build());
    cr.setSpec(new org.causalgym.operator.api.CausalGymMonitoringSpec());
    String url = org.causalgym.operator.desired.GymPlan.Names.of(cr).stackPrometheusUrl();
    assertThat(UrlPolicy.defaults().refusal(URI.create(url))).as(url).isEmpty();
  }

  @Test
  void exactNamesIgnoreCaseTrailingDotAndPort() {
    UrlPolicy policy = UrlPolicy.parse("Prometheus.Example.org.");
    assertThat(allowed(policy, "https://prometheus.example.org:443/api")).isTrue();
    assertThat(allowed(policy, "http://PROMETHEUS.example.ORG.:9090")).isTrue();
    assertThat(allowed(policy, "http://eu.prometheus.example.org")).isFalse();
    assertThat(allowed(policy, "http://prometheus.example.org.evil.net")).isFalse();
  }

  @Test
  void aPatternsStarStandsForOneOrMoreWholeLabels() {
    UrlPolicy policy = UrlPolicy.parse("*.monitoring.svc.cluster.local");
    assertThat(allowed(policy, "http://prometheus.monitoring.svc.cluster.local")).isTrue();
    assertThat(allowed(policy, "http://a.b.monitoring.svc.cluster.local")).isTrue();
    assertThat(allowed(policy, "http://monitoring.svc.cluster.local")).isFalse();
    assertThat(allowed(policy, "http://xmonitoring.svc.cluster.local")).isFalse();
    assertThat(allowed(policy, "http://prometheus.lab.svc.cluster.local")).isFalse();
  }

  @Test
  void ipv4AddressesAndCidrsMatchIpLiteralsOnly() {
    UrlPolicy policy = UrlPolicy.parse("10.96.0.0/12, 192.168.1.7");
    assertThat(allowed(policy, "http://10.100.3.4:9090")).isTrue();
    assertThat(allowed(policy, "http://10.111.255.255")).isTrue();
    assertThat(allowed(policy, "http://10.112.0.1")).isFalse();
    assertThat(allowed(policy, "http://192.168.1.7:9090")).isTrue();
    assertThat(allowed(policy, "http://192.168.1.8")).isFalse();
    // Names are not resolved: one that would resolve into the CIDR is still refused.
    assertThat(allowed(policy, "http://10.100.3.4.nip.io")).isFalse();
  }

  @Test
  void ipv6AddressesAndCidrs() {
    UrlPolicy policy = UrlPolicy.parse("fd00:10::/32,::1");
    assertThat(allowed(policy, "http://[fd00:10:0:1::5]:9090")).isTrue();
    assertThat(allowed(policy, "http://[FD00:10::]")).isTrue();
    assertThat(allowed(policy, "http://[fd00:11::5]:9090")).isFalse();
    assertThat(allowed(policy, "http://[::1]:9090")).isTrue();
    assertThat(allowed(policy, "http://[::2]:9090")).isFalse();
    assertThat(allowed(policy, "http://127.0.0.1:9090")).isFalse();
  }

  @Test
  void anIpv4MappedIpv6LiteralIsMatchedAsItsIpv4Address() {
    assertThat(allowed(UrlPolicy.parse("10.0.0.0/8"), "http://[::ffff:10.1.2.3]")).isTrue();
    assertThat(allowed(UrlPolicy.defaults(), "http://[::ffff:169.254.169.254]")).isFalse();
  }

  @Test
  void aStarAloneAllowsEveryUrl() {
    assertThat(allowed(UrlPolicy.parse("*.svc, *"), "http://169.254.169.254")).isTrue();
    assertThat(allowed(UrlPolicy.allowAll(), "http://[::1]:1")).isTrue();
  }

  @Test
  void theRefusalNamesTheUrlWithoutUserInfoOrQueryAndTheAllowList() {
    String message =
        UrlPolicy.defaults()
            .refusal(URI.create("http://admin:hunter2@10.0.0.5:9090/api?token=abc#x"))
            .orElseThrow();
    assertThat(message)
        .isEqualTo(
            "http://10.0.0.5:9090 is outside the operator's allow-list for Prometheus URLs"
                + " (*.svc, *.svc.cluster.local); an administrator extends it with"
                + " --prometheus-url-allow / PROMETHEUS_URL_ALLOW / chart value"
                + " prometheusUrlAllow")
        .doesNotContain("hunter2")
        .doesNotContain("abc");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://prometheus.example.org",
        "prometheus:9090",
        "*prom.svc",
        "prom.*.svc",
        "**.svc",
        "10.0.0.0/33",
        "10.0.0.0/x",
        "fd00::/129",
        "10.0.0.256",
        "*.0.5",
        "fd00::zz",
        "a b",
        "/8"
      })
  void aMalformedEntryIsRefusedByName(String entry) {
    assertThatThrownBy(() -> UrlPolicy.parse("*.svc, " + entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + entry + "' in the Prometheus URL allow-list");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", " , "})
  void anEmptyListIsRefusedNamingTheDefault(String value) {
    assertThatThrownBy(() -> UrlPolicy.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty")
        .hasMessageContaining(UrlPolicy.DEFAULT);
  }
}
