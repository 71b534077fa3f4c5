package org.causalgym.operator.observe;

import org.causalgym.operator.api.CausalGymMonitoring;

/** Turns what a resource's spec.prometheus references (CA, token, basic auth) into its access. */
public interface AccessResolver {

  /**
   * What tells the access of two resources naming the same URL apart: the namespace and the
   * references, never a value; empty when the resource references nothing. Resources with the same
   * URL and identity share one poll.
   */
  String identity(CausalGymMonitoring resource);

  /**
   * Reads the referenced values from the API (or the operator's own token) and builds the access.
   *
   * @throws AccessUnavailable when a referenced object or key is missing or unusable
   */
  PrometheusAccess resolve(CausalGymMonitoring resource) throws AccessUnavailable;

  /** References nothing: every resource gets {@link PrometheusAccess#NONE}. */
  AccessResolver NONE =
      new AccessResolver() {
        @Override
        public String identity(CausalGymMonitoring resource) {
          return "";
        }

        @Override
        public PrometheusAccess resolve(CausalGymMonitoring resource) {
          return PrometheusAccess.NONE;
        }
      };

  /** Why the access of a resource cannot be built; its message names the field, never a value. */
  final class AccessUnavailable extends Exception {
    public AccessUnavailable(String message) {
      super(message);
    }
  }
}
