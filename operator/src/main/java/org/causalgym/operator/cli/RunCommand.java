package org.causalgym.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.causalgym.operator.reconciler.CausalGymOperator;
import picocli.CommandLine.Command;

/** The run command: reconciles CausalGymMonitoring resources of the cluster until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Reconcile CausalGymMonitoring resources against the cluster of the in-cluster"
            + " configuration or of KUBECONFIG, until SIGTERM.")
public class RunCommand implements Callable<Integer> {

  @Override
  public Integer call() throws InterruptedException {
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = CausalGymOperator.create(client);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    operator.start();
    stopped.await();
    return 0;
  }
}
