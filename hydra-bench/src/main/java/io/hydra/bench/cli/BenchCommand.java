package io.hydra.bench.cli;

import io.hydra.bench.Bench;
import io.hydra.bench.BenchOptions;
import io.hydra.bench.Plot;
import io.hydra.bench.Result;
import io.hydra.bench.ResultTable;
import io.hydra.bench.Workload;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hydra bench}: measures Hydra against db-scheduler and Quartz on one embedded PostgreSQL
 * (see BENCHMARKS.md). Runs in this process; needs no server. Ships in hydra-bench.jar, so the
 * server's jar carries no peers.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmark Hydra against db-scheduler and Quartz on an embedded PostgreSQL.")
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--workload",
      required = true,
      description =
          "burst, cron or dag; or scale: Hydra alone with N job "
              + "definitions (server start, heap, job list latency, validation); or fairness:"
              + " Hydra alone, one owner flooding N queued runs under a launcher budget while"
              + " another owner's jobs fire every minute for --minutes (default 3), their start"
              + " lag without and with the flood.")
  String workload;

  @Option(
      names = "--n",
      defaultValue = "1000",
      description =
          "Runs (burst), jobs (cron) or direct dependents (dag); " + "default ${DEFAULT-VALUE}.")
  int n;

  @Option(
      names = "--peers",
      defaultValue = "hydra,db-scheduler,quartz",
      description = "Comma-separated, run in this order (default: ${DEFAULT-VALUE}).")
  String peers;

  @Option(
      names = "--threads",
      defaultValue = "10",
      description = "Worker threads of every peer (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--fires",
      defaultValue = "3",
      description = "cron: fires per job (default: ${DEFAULT-VALUE}).")
  int fires;

  @Option(
      names = "--period-seconds",
      defaultValue = "60",
      description = "cron: the schedule's period, a divisor of 60 (default: ${DEFAULT-VALUE}).")
  int periodSeconds;

  @Option(
      names = "--minutes",
      description =
          "cron: every minute for this many minutes (same as --fires M " + "--period-seconds 60).")
  Integer minutes;

  @Option(
      names = "--launcher",
      defaultValue = "inprocess",
      description =
          "Hydra's launcher: inprocess (no-op task bodies on threads, like the peers) "
              + "or local (real processes); default ${DEFAULT-VALUE}.")
  String launcher;

  @Option(
      names = "--poll-ms",
      defaultValue = "100",
      description =
          "Polling interval of db-scheduler, idle wait of Quartz (at least 1000); "
              + "default ${DEFAULT-VALUE}.")
  int pollMs;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "300",
      description = "Per peer, after the due time, before giving up (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--warmup",
      description =
          "Size of the unmeasured rounds of the same workload each peer runs first, so the "
              + "measured round runs JIT-compiled code; 0 for a cold JVM (default: n, at most "
              + DEFAULT_WARMUP_CAP
              + ").")
  Integer warmup;

  @Option(
      names = "--warmup-rounds",
      defaultValue = "10",
      description =
          "At most this many warm-up rounds per peer; from the third on (or this many, if "
              + "fewer), they stop after the first one during which the JIT compiler worked for "
              + "at most 10%% of the time (default: ${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(
      names = "--rounds",
      description =
          "Measured rounds per peer, each on a fresh database; a peer's result is its round with"
              + " the median starts/s, reported with every round's starts/s and p99 (default: 3,"
              + " cron 1).")
  Integer rounds;

  /**
   * Warm-up rounds the size of the measured one up to this: a cron round of 20,000 measured after
   * warm-ups of 10,000 still had the compiler working through its boundaries (365 ms in the 3
   * minutes), one of a single boundary after warm-ups of 20,000 for 3 ms; a server that has fired
   * such boundaries for a while runs that compiled code.
   */
  private static final int DEFAULT_WARMUP_CAP = 20_000;

  @Option(
      names = "--chain",
      defaultValue = "0",
      description =
          "dag: how many jobs follow the root one after the other (default: n/10 at every size).")
  int chain;

  @Option(names = "--out", description = "Write the results as JSON to this file.")
  Path out;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "N",
      description =
          "Run the workload at each of these sizes (instead of --n), every peer at each, and"
              + " report how cost grows: one table, one JSON, one plot.")
  List<Integer> sizes;

  @Option(
      names = "--plot",
      paramLabel = "FILE.svg",
      description = "Draw starts/s and commits per run against N from the results, as SVG.")
  Path plot;

  /** Grouped by workload and peer, smallest n first, so each group reads as a growth curve. */
  private static List<Result> growthOrder(List<Result> results) {
    return results.stream()
        .sorted(
            Comparator.comparing(Result::workload)
                .thenComparing(Result::peer)
                .thenComparing(r -> r.launcher() == null ? "" : r.launcher())
                .thenComparingInt(Result::n))
        .toList();
  }

  @Override
  public Integer call() throws Exception {
    if (workload.equalsIgnoreCase("fairness")) {
      int window = minutes == null ? 3 : minutes;
      if (n < 0 || window < 1) {
        throw ValidationException.of(n < 0 ? "--n" : "--minutes", "must be positive");
      }
      new FairnessBench(n, window, out, spec.commandLine().getOut()).run();
      return 0;
    }
    if (workload.equalsIgnoreCase("scale")) {
      // Needs a whole server: the reason this module depends on hydra-web.
      new ScaleBench(n, warmupRounds, out, spec.commandLine().getOut()).run();
      return 0;
    }
    Workload load =
        Arrays.stream(Workload.values())
            .filter(w -> w.wireName().equals(workload.toLowerCase(Locale.ROOT)))
            .findFirst()
            .orElse(null);
    int fireCount = fires;
    int period = periodSeconds;
    if (minutes != null) {
      fireCount = minutes;
      period = 60;
    }
    List<String> peerList =
        Arrays.stream(peers.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    BenchOptions options =
        new BenchOptions(
            load,
            n,
            peerList,
            threads,
            fireCount,
            Duration.ofSeconds(period),
            launcher,
            Duration.ofMillis(pollMs),
            Duration.ofSeconds(timeoutSeconds),
            warmup != null ? warmup : Math.min(n, DEFAULT_WARMUP_CAP),
            warmupRounds,
            rounds != null ? rounds : load == Workload.CRON ? 1 : 3,
            chain,
            out);
    List<String> problems = new ArrayList<>(options.problems());
    for (int size : sizes == null ? List.<Integer>of() : sizes) {
      options.atSize(size).problems().stream()
          .filter(p -> p.startsWith("--n: "))
          .map(p -> "--sizes: " + p.substring("--n: ".length()))
          .forEach(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(
          problems.stream()
              .map(
                  p -> {
                    int colon = p.indexOf(": ");
                    return new FieldError(p.substring(0, colon), p.substring(colon + 2));
                  })
              .toList());
    }
    PrintWriter printed = spec.commandLine().getOut();
    List<Result> results = new ArrayList<>();
    for (int size : sizes == null ? List.of(n) : sizes) {
      results.addAll(new Bench(options.atSize(size), printed).run());
    }
    if (sizes != null && sizes.size() > 1) {
      printed.println("how cost grows with n:");
      printed.print(ResultTable.format(growthOrder(results)));
    }
    if (out != null) {
      Bench.writeJson(out, results);
      printed.println("wrote " + out);
    }
    if (plot != null) {
      Files.writeString(plot, Plot.svg(results));
      printed.println("wrote " + plot);
    }
    printed.flush();
    return 0;
  }
}
