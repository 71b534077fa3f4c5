package org.causalgym.operator.cli;

import org.causalgym.operator.runtime.LogFormat;
import org.causalgym.operator.runtime.SecretSafeLogging;
import org.causalgym.operator.runtime.SharedCompletionPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point of causal-gym-operator.jar; without a command it runs the operator. */
@Command(
    name = "causal-gym-operator",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Kubernetes operator that turns a CausalGymMonitoring resource into the Causal Interface"
            + " Gym Deployment, its Service, ServiceMonitor and PrometheusRule.",
    subcommands = {RunCommand.class, RenderCommand.class, HelpCommand.class})
public class Main implements java.util.concurrent.Callable<Integer> {

  public static void main(String[] args) {
    SharedCompletionPool.ensure();
    SecretSafeLogging.install();
    LogFormat.select(System.getenv("LOG_FORMAT"));
    System.exit(commandLine().execute(args));
  }

  /** The command line as the jar runs it; tests execute it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /** Without a command: run, with its options from the environment (HTTP_PORT, ...). */
  @Override
  public Integer call() {
    return new CommandLine(new RunCommand()).execute();
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"causal-gym-operator " + (version == null ? "(development)" : version)};
    }
  }
}
