package io.hydra.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark invocation.
 *
 * @param peers scheduler names, run in this order: {@code hydra}, {@code db-scheduler}, {@code
 *     quartz}
 * @param threads worker threads of every peer (Hydra's in-process launcher, db-scheduler's
 *     executor, Quartz's thread pool); each peer's connection pool holds {@code threads + 2}
 * @param fires cron workload: how many fires each job must make
 * @param period cron workload: the period of every job's schedule (a divisor of a minute)
 * @param launcher Hydra's launcher: {@code inprocess} (a no-op, like the peers' task bodies) or
 *     {@code local} (real processes)
 * @param poll how often the polling peers look for due work (db-scheduler's polling interval;
 *     Quartz's idle wait, which Quartz will not take below one second); Hydra does not poll
 * @param timeout how long one peer may take to start everything before it is cut off
 * @param warmup the size of the unmeasured rounds of the same workload each peer runs first, each
 *     in its own database, so that the measured round sees code the JIT has compiled (0: none)
 * @param warmupRounds at most this many warm-up rounds; they stop at the first one during which the
 *     JIT compiler was quiet (see {@link Jit.Span#quiet})
 * @param chain dag workload: how many jobs follow the root one after the other; 0 for {@code n/10}
 * @param out where the JSON goes, or null
 */
public record BenchOptions(
    Workload workload,
    int n,
    List<String> peers,
    int threads,
    int fires,
    Duration period,
    String launcher,
    Duration poll,
    Duration timeout,
    int warmup,
    int warmupRounds,
    int rounds,
    int chain,
    Path out) {

  public static final List<String> ALL_PEERS = List.of("hydra", "db-scheduler", "quartz");

  /**
   * The same invocation at another size, its JSON left to the caller (which writes the results of
   * every size in one file).
   */
  public BenchOptions atSize(int size) {
    return new BenchOptions(
        workload,
        size,
        peers,
        threads,
        fires,
        period,
        launcher,
        poll,
        timeout,
        Math.min(warmup, size),
        warmupRounds,
        rounds,
        chain,
        null);
  }

  /** Problems with the options as {@code --flag: message} lines; empty when they are usable. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (workload == null) {
      out.add("--workload: must be one of burst, cron, dag");
    }
    if (n < 1) {
      out.add("--n: must be at least 1, got " + n);
    }
    if (chain < 0) {
      out.add("--chain: must be 0 (n/10) or more, got " + chain);
    }
    if (workload == Workload.DAG && chain == 0 && n < 10) {
      out.add("--n: the dag workload needs at least 10 (a chain of n/10 jobs), got " + n);
    }
    if (peers.isEmpty()) {
      out.add("--peers: name at least one of " + String.join(", ", ALL_PEERS));
    }
    peers.stream()
        .filter(p -> !ALL_PEERS.contains(p))
        .forEach(
            p ->
                out.add(
                    "--peers: unknown peer '" + p + "'; known: " + String.join(", ", ALL_PEERS)));
    if (threads < 1) {
      out.add("--threads: must be at least 1, got " + threads);
    }
    if (fires < 1) {
      out.add("--fires: must be at least 1, got " + fires);
    }
    long seconds = period.toSeconds();
    if (seconds < 1 || seconds > 60 || 60 % seconds != 0 || period.toMillis() % 1000 != 0) {
      out.add(
          "--period-seconds: must divide a minute (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, "
              + "60), got "
              + period.toMillis() / 1000.0);
    }
    if (!launcher.equals("inprocess") && !launcher.equals("local")) {
      out.add("--launcher: must be inprocess or local, got '" + launcher + "'");
    }
    if (poll.toMillis() < 1) {
      out.add("--poll-ms: must be at least 1");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      out.add("--timeout-seconds: must be positive");
    }
    if (warmup < 0) {
      out.add("--warmup: must be 0 (none) or more, got " + warmup);
    }
    if (rounds < 1) {
      out.add("--rounds: must be at least 1, got " + rounds);
    }
    if (warmupRounds < 1) {
      out.add("--warmup-rounds: must be at least 1, got " + warmupRounds);
    }
    if (warmup > 0 && workload == Workload.DAG && chain == 0 && warmup < 10) {
      out.add("--warmup: the dag workload needs at least 10, got " + warmup);
    }
    return out;
  }

  /**
   * The unmeasured warm-up round: {@code warmup} instead of {@code n}, and for cron a single fire
   * on a 5-second period, so that it costs seconds rather than minutes. It waits at most {@link
   * #WARMUP_TIMEOUT} for its starts: with thousands of jobs on a 5-second period, the boundary a
   * peer catches up on as it starts may still be running when the measured one comes, and a peer
   * that skips a fire while its previous run is active (Hydra's {@code concurrency: forbid}) then
   * never starts it; a warm-up needs the code run, not every start.
   */
  public BenchOptions warmupRound() {
    boolean cron = workload == Workload.CRON;
    return new BenchOptions(
        workload,
        warmup,
        peers,
        threads,
        cron ? 1 : fires,
        cron ? WARMUP_PERIOD : period,
        launcher,
        poll,
        timeout.compareTo(WARMUP_TIMEOUT) < 0 ? timeout : WARMUP_TIMEOUT,
        0,
        warmupRounds,
        1,
        chain,
        null);
  }

  private static final Duration WARMUP_PERIOD = Duration.ofSeconds(5);
  private static final Duration WARMUP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The chain of the dag workload: jobs after the root, one after the other; {@code n/10} unless
   * {@code --chain} sets it (a chain of 10,000 hops at 100,000 takes minutes a round).
   */
  public int chainLength() {
    return chain > 0 ? chain : Math.max(1, n / 10);
  }
}
