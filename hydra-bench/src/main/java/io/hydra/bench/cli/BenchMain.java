package io.hydra.bench.cli;

import io.hydra.web.cli.ErrorHandler;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Main class of hydra-bench.jar: {@code hydra bench}, the one command the server's jar does not
 * carry. Named {@code hydra} with {@code bench} under it, so {@code ./hydra bench ...} passes its
 * arguments unchanged and usage and errors read as they did in the server's jar.
 */
@Command(
    name = "hydra",
    mixinStandardHelpOptions = true,
    description = "Hydra's benchmarks (hydra-bench.jar).",
    subcommands = {BenchCommand.class, PlotCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new BenchMain())
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
