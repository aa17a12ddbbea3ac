package io.hydra.web.cli;

import io.hydra.web.cli.client.CalendarCommands;
import io.hydra.web.cli.client.JobsCommand;
import io.hydra.web.cli.client.LogsCommand;
import io.hydra.web.cli.client.RunCommands;
import io.hydra.web.cli.client.RunsCommand;
import io.hydra.web.cli.client.TokenCommands;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hydra} command line: the server and, later, client commands. */
@Command(
    name = "hydra",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Hydra: a distributed cron and dependent-job orchestrator.",
    subcommands = {
      ServerCommand.class,
      ScheduleCommand.class,
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      ExportCommand.class,
      RunCommands.Trigger.class,
      RunCommands.Rerun.class,
      RunCommands.MarkSuccess.class,
      RunCommands.Skip.class,
      RunCommands.Kill.class,
      RunCommands.Hold.class,
      RunCommands.Release.class,
      RunCommands.RetryPipeline.class,
      RunCommands.Why.class,
      RunCommands.Pause.class,
      RunCommands.Resume.class,
      RunCommands.Backfill.class,
      RunsCommand.class,
      LogsCommand.class,
      JobsCommand.class,
      CompletionCommand.class,
      TokenCommands.class,
      CalendarCommands.class,
      BenchStub.class,
      CommandLine.HelpCommand.class
    })
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

  /**
   * Runs the CLI writing to the given streams instead of System.out and System.err, so a test reads
   * only the CLI's own words, not the logs of a server running in the same JVM.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Main())
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(new ErrorHandler())
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
