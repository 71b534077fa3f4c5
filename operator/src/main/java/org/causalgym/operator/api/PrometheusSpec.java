package org.causalgym.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the cluster's Prometheus selects the ServiceMonitor and PrometheusRule of this resource, and
 * which Prometheus to ask whether it really scrapes the gym, trusting which CA, with which
 * credentials (by reference only).
 */
@ValidationRule(
    value =
        "(has(self.bearerToken) ? 1 : 0) + (has(self.basicAuth) ? 1 : 0)"
            + " + (has(self.useServiceAccountToken) && self.useServiceAccountToken ? 1 : 0) <= 1",
    message = "at most one of bearerToken, basicAuth, useServiceAccountToken")
@ValidationRule(
    value =
        "!has(self.useServiceAccountToken) || !self.useServiceAccountToken"
            + " || (has(self.url) && self.url.matches('^https://'))",
    message =
        "useServiceAccountToken requires an https url: the operator's own token never travels in clear",
    fieldPath = ".useServiceAccountToken")
public class PrometheusSpec {

  /** The syntax of spec.prometheus.version; the range of releases is checked by SpecValidator. */
  public static final String VERSION_PATTERN =
      "^$|^v?(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})(\\.(0|[1-9][0-9]{0,3}))?$";

  @Size(max = NetworkAddress.URL_MAX_LENGTH)
  @Pattern("^$|" + NetworkAddress.BASE_URL_PATTERN)
  @JsonPropertyDescription(
      "Base URL of a Prometheus to ask, through its HTTP API, whether it scrapes this resource's targets and loaded its rules (condition Observed, status.observed), e.g. http://prometheus-operated.monitoring.svc:9090. http or https, a host and a port from 1 to 65535 if any, no credentials, query or fragment. Default empty: nothing is asked.")
  public String url;

  @ValidationRule(value = Labels.VALID_KEYS_RULE, message = Labels.VALID_KEYS_MESSAGE)
  @ValidationRule(value = Labels.USER_LABELS_RULE, message = Labels.USER_LABELS_MESSAGE)
  @JsonPropertyDescription(
      "Labels copied onto the ServiceMonitor, PrometheusRule and AlertmanagerConfig so that the Prometheus and Alertmanager of the cluster select them, e.g. {release: kube-prometheus-stack}; condition Selected names the labels a Prometheus or Alertmanager of the cluster is missing. Default: none.")
  @Size(max = Labels.MAX_LABELS)
  public Map<String, @Size(max = Labels.VALUE_MAX_LENGTH) @Pattern(Labels.VALUE_PATTERN) String>
      selectorLabels = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "The CA certificates (PEM) to trust for an https url instead of the JVM's default CAs, as a ConfigMap or Secret key in this namespace, e.g. {name: openshift-service-ca.crt, key: service-ca.crt}. Hostname verification stays on. Default: the JVM's default CAs.")
  public CaRef ca;

  @JsonPropertyDescription(
      "A bearer token sent as 'Authorization: Bearer <token>', as a Secret key, e.g. {name: prom-token, key: token}; never a literal. At most one of bearerToken, basicAuth, useServiceAccountToken. Default: none.")
  public SecretKeyRef bearerToken;

  @JsonPropertyDescription(
      "HTTP basic authentication, e.g. {username: viewer, password: {name: prom-basic, key: password}}. At most one of bearerToken, basicAuth, useServiceAccountToken. Default: none.")
  public BasicAuthSpec basicAuth;

  @JsonPropertyDescription(
      "Send the operator's own service-account token as bearer token, for OpenShift's thanos-querier or a Prometheus behind kube-rbac-proxy; the operator's ServiceAccount then needs read access there (e.g. ClusterRole cluster-monitoring-view). Requires an https url, so that the token never travels in clear. Default false.")
  public Boolean useServiceAccountToken;

  @Size(max = 16)
  @Pattern(VERSION_PATTERN)
  @JsonPropertyDescription(
      "The Prometheus release every alert expression and template must load on, e.g. 3.5, 3.5.0 or v2.53.1: major.minor with an optional patch and leading v; Prometheus 2.42–3.5 is supported. Default empty: the version the Prometheus of spec.prometheus.url (or the managed one) reports at /api/v1/status/buildinfo (status.observed.prometheusVersion) once known, else in managed mode the version in the tag of spec.stack.prometheus.image, else every supported release.")
  public String version;
}
