package io.hydra.web.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hydra} command line: the server and, later, client commands. */
@Command(
    name = "hydra",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Hydra: a distributed cron and dependent-job orchestrator.",
    subcommands = {ServerCommand.class, ValidateCommand.class, PlanCommand.class,
        ApplyCommand.class, ExportCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(new ErrorHandler())
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
