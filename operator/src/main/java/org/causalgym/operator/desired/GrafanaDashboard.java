package org.causalgym.operator.desired;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * grafana-operator's GrafanaDashboard (grafana.integreatly.org/v1beta1), with the spec fields the
 * operator writes; its status is grafana-operator's and kept as it comes.
 */
@Group("grafana.integreatly.org")
@Version("v1beta1")
@Kind("GrafanaDashboard")
@Plural("grafanadashboards")
public class GrafanaDashboard extends CustomResource<GrafanaDashboard.Spec, Map<String, Object>>
    implements Namespaced {

  /** What the operator sets: which Grafanas import the dashboard, its folder and its JSON. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Spec {
    public LabelSelector instanceSelector;
    public String folder;
    public String json;
  }
}
