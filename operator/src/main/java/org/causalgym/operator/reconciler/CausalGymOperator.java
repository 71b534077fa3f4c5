package org.causalgym.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;

/** The operator as it ships: JOSDK configured for this reconciler, used by the CLI and tests. */
public final class CausalGymOperator {

  private CausalGymOperator() {}

  /** An operator on the given client, registered and ready to start. */
  public static Operator create(KubernetesClient client) {
    Operator operator =
        new Operator(
            o ->
                // Server-Side Apply is off: the Fabric8 mock API we test against cannot do it, and
                // shipping the configuration we test is worth more than SSA's field ownership.
                o.withKubernetesClient(client)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false));
    operator.register(new CausalGymMonitoringReconciler(Clock.systemUTC()));
    return operator;
  }
}
