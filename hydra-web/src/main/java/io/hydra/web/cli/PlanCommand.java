package io.hydra.web.cli;

import io.hydra.web.cli.jobs.ApplyCall;
import io.hydra.web.cli.jobs.JobFiles;
import io.hydra.web.cli.jobs.PlanPrinter;
import io.hydra.web.cli.jobs.ServerClient;
import io.hydra.web.cli.jobs.ServerErrors;
import io.hydra.web.cli.jobs.ServerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hydra plan}: what {@code hydra apply} would change on the server, changing nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    description = {
      "Show what applying job files would change on the server.",
      "Lists the jobs to create, update (field by field) and, with --prune, delete. Changes "
          + "nothing.",
      "Exit 0 when there is nothing to change, 2 when there are changes, 1 on error."
    })
final class PlanCommand implements Callable<Integer> {

  static final int CHANGES = 2;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "PATH",
      description = "A job file, or a directory of .yaml, .yml and .json files (recursive).")
  Path path;

  @Option(
      names = "--prune",
      description = "Also plan to delete the jobs on the server that are not in the files.")
  boolean prune;

  @Mixin ServerOptions server;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JobFiles files = JobFiles.read(path);
    if (!files.problems().isEmpty()) {
      files.problems().forEach(p -> err.println(p.format()));
      err.flush();
      return 1;
    }
    ServerClient client = server.client();
    ServerClient.Response response = ApplyCall.send(client, files, prune, true, null, null);
    if (!response.ok()) {
      ServerErrors.print(response, files.documents(), err);
      err.flush();
      return 1;
    }
    out.println(
        "Plan for "
            + files.described()
            + " against "
            + client.server()
            + (prune ? " (with --prune)" : "")
            + ":");
    PlanPrinter.print(response.body(), out);
    out.flush();
    return PlanPrinter.hasChanges(response.body()) ? CHANGES : 0;
  }
}
