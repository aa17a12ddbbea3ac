package io.hydra.web.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code hydra bench} in the server's jar: says where the benchmarks are. They ship in
 * hydra-bench.jar so that this jar carries none of the peers (db-scheduler, Quartz); the {@code
 * hydra} script runs that jar for {@code hydra bench}, so only a direct {@code java -jar hydra.jar
 * bench} lands here.
 */
@Command(
    name = "bench",
    description =
        "Benchmark Hydra against db-scheduler and Quartz: ships in hydra-bench.jar; "
            + "./hydra bench runs it.")
final class BenchStub implements Callable<Integer> {

  static final String MESSAGE =
      "hydra bench: not in this jar; run ./hydra bench (or java -jar"
          + " hydra-bench/target/hydra-bench.jar bench ...)";

  @Spec CommandSpec spec;

  // Every flag of the real command is accepted, so the one line below is all it prints.
  @Unmatched List<String> ignored;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println(MESSAGE);
    return 2;
  }
}
