package io.hydra.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.web.cli.jobs.ApplyCall;
import io.hydra.web.cli.jobs.JobFiles;
import io.hydra.web.cli.jobs.PlanPrinter;
import io.hydra.web.cli.jobs.ServerClient;
import io.hydra.web.cli.jobs.ServerErrors;
import io.hydra.web.cli.jobs.ServerOptions;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hydra apply}: makes the jobs on the server match the files, in one transaction. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    description = {
      "Make the jobs on the server match job files, in one transaction.",
      "The whole set is validated together (so a pipeline can be renamed or re-wired at "
          + "once), and an invalid set changes nothing. Each changed job gets one new version "
          + "with its author, time and --source.",
      "Without --yes, shows the plan and asks for confirmation on a terminal.",
      "Exit 0 when applied (or nothing to change), 1 on error or when not confirmed."
    })
final class ApplyCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "PATH",
      description = "A job file, or a directory of .yaml, .yml and .json files (recursive).")
  Path path;

  @Option(
      names = "--prune",
      description =
          "Also delete the jobs on the server that are not in "
              + "the files (refused for jobs that remaining jobs depend on).")
  boolean prune;

  @Option(names = "--yes", description = "Apply without showing the plan and asking first.")
  boolean yes;

  @Option(
      names = "--source",
      paramLabel = "SOURCE",
      defaultValue = "${env:HYDRA_SOURCE}",
      description =
          "Where this change comes from, stored with each version, e.g. a git commit "
              + "(env HYDRA_SOURCE; default: a fingerprint of the files' jobs).")
  String source;

  @Mixin ServerOptions server;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return apply(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int apply(PrintWriter out, PrintWriter err) {
    JobFiles files = JobFiles.read(path);
    if (!files.problems().isEmpty()) {
      files.problems().forEach(p -> err.println(p.format()));
      return 1;
    }
    ServerClient client = server.client();
    String ifRevision = null;
    if (!yes) {
      ServerClient.Response plan = ApplyCall.send(client, files, prune, true, source, null);
      if (!plan.ok()) {
        ServerErrors.print(plan, files.documents(), err);
        return 1;
      }
      PlanPrinter.print(plan.body(), out);
      if (!PlanPrinter.hasChanges(plan.body())) {
        return 0;
      }
      if (!confirmed(client, out, err)) {
        return 1;
      }
      // Apply exactly what was shown: refused if the jobs changed since the plan.
      ifRevision = plan.body().path("revision").asText();
    }
    ServerClient.Response applied = ApplyCall.send(client, files, prune, false, source, ifRevision);
    if (!applied.ok()) {
      ServerErrors.print(applied, files.documents(), err);
      return 1;
    }
    JsonNode result = applied.body();
    if (yes) {
      PlanPrinter.print(result, out);
    } else {
      PlanPrinter.summary(result, out); // the changes were just shown and confirmed
    }
    return 0;
  }

  private static boolean confirmed(ServerClient client, PrintWriter out, PrintWriter err) {
    Console console = System.console();
    if (console == null) {
      err.println(
          "hydra apply: nothing applied: confirmation needs a terminal and standard "
              + "input is not one; review the plan above and run again with --yes");
      return false;
    }
    out.flush();
    String answer =
        console.readLine("Apply these changes to %s? Only 'yes' is accepted: ", client.server());
    if (answer == null || !answer.strip().equals("yes")) {
      out.println("Cancelled; nothing was changed.");
      return false;
    }
    return true;
  }
}
