package org.causalgym.operator.demo;

import org.causalgym.operator.cli.Main;
import org.causalgym.operator.runtime.LogFormat;
import org.causalgym.operator.runtime.SecretSafeLogging;
import org.causalgym.operator.runtime.SharedCompletionPool;
import picocli.CommandLine;

/**
 * Entry point of causal-gym-demo.jar: the operator's commands plus demo, which runs without a
 * command. The operator's own jar carries none of this, nor the mock API server.
 */
public final class DemoMain {

  private DemoMain() {}

  public static void main(String[] args) {
    SharedCompletionPool.ensure();
    SecretSafeLogging.install();
    // The demo is read by a person at a terminal; the operator's logs are read by machines.
    LogFormat.select(System.getenv().getOrDefault("LOG_FORMAT", LogFormat.TEXT));
    System.exit(commandLine().execute(withDefaultCommand(args)));
  }

  /** No command, or options first: the demo, with those options. */
  static String[] withDefaultCommand(String[] args) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      return args;
    }
    String[] command = new String[args.length + 1];
    command[0] = "demo";
    System.arraycopy(args, 0, command, 1, args.length);
    return command;
  }

  /** The command line as the demo jar runs it; tests execute it in-process. */
  public static CommandLine commandLine() {
    return Main.commandLine().addSubcommand(new DemoCommand());
  }
}
