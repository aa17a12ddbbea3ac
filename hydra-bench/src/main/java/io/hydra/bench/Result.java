package io.hydra.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One peer's measurements for one workload. Times are milliseconds; lag is a task body's start
 * minus the instant it was due (for dag dependents: minus the end of the root's task body).
 *
 * @param startsPerSec distinct starts divided by the time spent draining: the sum, over each
 *     instant at which work fell due, of (last start for it - that instant)
 * @param firstStartMs the smallest lag
 * @param drainMs the largest (last start - due instant) over the due instants
 * @param duplicates starts beyond the first of the same task
 * @param missing expected tasks that never started (within the timeout)
 * @param commitsPerRun {@code pg_stat_database.xact_commit} of the peer's database over the
 *     measurement, divided by the expected runs
 * @param hopP50Ms dag only: median of (start of chain job k - end of chain job k-1)
 * @param chainMs dag only: end of the root to start of the last chain job
 * @param warmupRounds unmeasured rounds the peer ran first (see {@link BenchOptions#warmupRounds})
 * @param jitMs milliseconds the JIT compiler worked while the measured tasks were being started
 * @param roundStartsPerSec every measured round's starts/s, in the order run (this result is the
 *     round with the median)
 * @param roundLagP99Ms every measured round's p99 lag, in the same order
 * @param spawnLimitPerSec Hydra's local launcher only: how many {@code /bin/sh -c true} the same
 *     JVM started per second from two threads, just before the measured rounds ({@link SpawnLimit})
 * @param spawnRatio starts/s divided by {@code spawnLimitPerSec}
 * @param heapUsedMb the JVM's heap in use after a full GC at the end of the round, with the peer
 *     still running and every run it started in its tables (MiB); the bench's own objects (its
 *     recorder holds one entry per start) are in it, the same for every peer
 * @param heapBytesPerRun {@code heapUsedMb} minus the heap in use (after a full GC) just before the
 *     peer was created, divided by the expected runs: how the peer's memory grows with N
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Result(
    String peer,
    String workload,
    int n,
    String launcher,
    double startsPerSec,
    double lagP50Ms,
    double lagP95Ms,
    double lagP99Ms,
    double lagMaxMs,
    double firstStartMs,
    double drainMs,
    int duplicates,
    int missing,
    double commitsPerRun,
    Double hopP50Ms,
    Double hopP95Ms,
    Double chainMs,
    Integer warmupRounds,
    Long jitMs,
    List<Double> roundStartsPerSec,
    List<Double> roundLagP99Ms,
    Double spawnLimitPerSec,
    Double spawnRatio,
    Double heapUsedMb,
    Double heapBytesPerRun) {

  private static final double MB = 1024 * 1024;

  /**
   * This result with the heap in use at the end of its round ({@code usedBytes}) and before the
   * peer was created ({@code baselineBytes}), both after a full GC, over {@code runs} runs.
   */
  public Result withHeap(long usedBytes, long baselineBytes, int runs) {
    return with(
        warmupRounds,
        jitMs,
        roundStartsPerSec,
        roundLagP99Ms,
        spawnLimitPerSec,
        spawnRatio,
        Math.round(usedBytes / MB * 10) / 10.0,
        (double) Math.round((usedBytes - baselineBytes) / (double) Math.max(1, runs)));
  }

  /** This result with the machine's spawn limit measured beside it, and its share of it. */
  public Result withSpawnLimit(double perSec) {
    double ratio = perSec <= 0 ? 0 : Math.round(startsPerSec / perSec * 1000.0) / 1000.0;
    return with(
        warmupRounds,
        jitMs,
        roundStartsPerSec,
        roundLagP99Ms,
        perSec,
        ratio,
        heapUsedMb,
        heapBytesPerRun);
  }

  /** This result with the warm-up rounds that preceded its measurement. */
  public Result withWarmUp(int rounds) {
    return with(
        rounds,
        jitMs,
        roundStartsPerSec,
        roundLagP99Ms,
        spawnLimitPerSec,
        spawnRatio,
        heapUsedMb,
        heapBytesPerRun);
  }

  /** This (median) round's result, with the compiler's work during it and every round's figures. */
  public Result withRounds(long compileMs, List<Double> startsPerSecs, List<Double> lagP99s) {
    return with(
        warmupRounds,
        compileMs,
        startsPerSecs,
        lagP99s,
        spawnLimitPerSec,
        spawnRatio,
        heapUsedMb,
        heapBytesPerRun);
  }

  /** This result with the figures about how it was measured, and its heap, replaced. */
  private Result with(
      Integer warmup,
      Long compileMs,
      List<Double> startsPerSecs,
      List<Double> lagP99s,
      Double spawnLimit,
      Double ratio,
      Double heapMb,
      Double bytesPerRun) {
    return new Result(
        peer,
        workload,
        n,
        launcher,
        startsPerSec,
        lagP50Ms,
        lagP95Ms,
        lagP99Ms,
        lagMaxMs,
        firstStartMs,
        drainMs,
        duplicates,
        missing,
        commitsPerRun,
        hopP50Ms,
        hopP95Ms,
        chainMs,
        warmup,
        compileMs,
        startsPerSecs,
        lagP99s,
        spawnLimit,
        ratio,
        heapMb,
        bytesPerRun);
  }
}
