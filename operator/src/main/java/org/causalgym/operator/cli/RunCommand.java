package org.causalgym.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.OperatorException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.causalgym.operator.reconciler.CausalGymOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** The run command: reconciles CausalGymMonitoring resources of the cluster until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Reconcile CausalGymMonitoring resources against the cluster of the in-cluster"
            + " configuration or of KUBECONFIG, until SIGTERM.")
public class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
    try {
      operator.start();
    } catch (OperatorException e) {
      Throwable cause = e;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      LOG.error(
          "The operator could not start against {}: {} ({})",
          client.getMasterUrl(),
          e.getMessage(),
          cause.toString());
      return 1;
    }
    stopped.await();
    return 0;
  }
}
