package io.hydra.web.cli;

import io.hydra.scheduler.apply.JobSet;
import io.hydra.scheduler.apply.JobSetError;
import io.hydra.web.cli.jobs.JobDocument;
import io.hydra.web.cli.jobs.JobFiles;
import io.hydra.web.cli.jobs.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hydra validate}: checks job files offline, each job and the graph they form. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 1,
    description = {
      "Check job files offline, the dependency graph they form included.",
      "Checks syntax, every field, and the graph of the files on their own (every upstream "
          + "must be in the files; no cycles). Prints file:line: field: message for each "
          + "problem.",
      "Exit 0 when valid, 1 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "PATH",
      description = "A job file, or a directory of .yaml, .yml and .json files (recursive).")
  Path path;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    JobFiles files = JobFiles.read(path);
    List<Problem> problems = check(files);
    if (problems.isEmpty()) {
      out.println("OK: " + files.described() + " in " + files.fileCount() + " files are valid.");
      out.flush();
      return 0;
    }
    problems.forEach(p -> out.println(p.format()));
    out.println(problems.size() + " problems found.");
    out.flush();
    return 1;
  }

  /** Every problem in the files, in file and line order. */
  static List<Problem> check(JobFiles files) {
    List<Problem> problems = new ArrayList<>(files.problems());
    List<JobDocument> docs = files.documents();
    for (JobSetError e : JobSet.parse(files.trees()).validateClosed()) {
      problems.add(docs.get(e.index()).problem(e.field(), e.message()));
    }
    problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
    return problems;
  }
}
