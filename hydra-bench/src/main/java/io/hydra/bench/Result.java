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
 * @param posixSpawnLimitPerSec Hydra's local launcher only: how many {@code /bin/sh -c true} the
 *     same JVM started per second from two threads through posix_spawn, as the launcher starts its
 *     wrappers (the stricter limit: the JDK's spawn execs a helper first)
 * @param posixSpawnRatio starts/s divided by {@code posixSpawnLimitPerSec}
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
    Double posixSpawnLimitPerSec,
    Double posixSpawnRatio,
    Double heapUsedMb,
    Double heapBytesPerRun) {

  private static final double MB = 1024 * 1024;

  /**
   * This result with the heap in use at the end of its round ({@code usedBytes}) and before the
   * peer was created ({@code baselineBytes}), both after a full GC, over {@code runs} runs.
   */
  public Result withHeap(long usedBytes, long baselineBytes, int runs) {
    return toBuilder()
        .heapUsedMb(Math.round(usedBytes / MB * 10) / 10.0)
        .heapBytesPerRun(
            (double) Math.round((usedBytes - baselineBytes) / (double) Math.max(1, runs)))
        .build();
  }

  /**
   * This result with the machine's spawn limits measured beside it (the JDK's, and posix_spawn's
   * where available: null otherwise), and its share of each.
   */
  public Result withSpawnLimit(double perSec, Double posixPerSec) {
    return toBuilder()
        .spawnLimitPerSec(perSec)
        .spawnRatio(share(perSec))
        .posixSpawnLimitPerSec(posixPerSec)
        .posixSpawnRatio(posixPerSec == null ? null : share(posixPerSec))
        .build();
  }

  private double share(double perSec) {
    return perSec <= 0 ? 0 : Math.round(startsPerSec / perSec * 1000.0) / 1000.0;
  }

  /** This result with the warm-up rounds that preceded its measurement. */
  public Result withWarmUp(int rounds) {
    return toBuilder().warmupRounds(rounds).build();
  }

  /** This (median) round's result, with the compiler's work during it and every round's figures. */
  public Result withRounds(long compileMs, List<Double> startsPerSecs, List<Double> lagP99s) {
    return toBuilder()
        .jitMs(compileMs)
        .roundStartsPerSec(startsPerSecs)
        .roundLagP99Ms(lagP99s)
        .build();
  }

  /** A builder for the result of {@code peer} on {@code workload} at size {@code n}. */
  public static Builder builder(String peer, String workload, int n) {
    return new Builder(peer, workload, n);
  }

  /** A builder holding every component of this result. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a {@link Result} by naming its figures rather than by position: a dozen adjacent doubles
   * are easily swapped, and most results leave the optional ones null. The setters are named after
   * the components (documented on {@link Result}). The measured figures (the primitive components)
   * must each be set; the others stay null, and out of the JSON, unless set.
   */
  public static final class Builder {

    private String peer;
    private String workload;
    private int n;
    private String launcher;
    private Double startsPerSec;
    private Double lagP50Ms;
    private Double lagP95Ms;
    private Double lagP99Ms;
    private Double lagMaxMs;
    private Double firstStartMs;
    private Double drainMs;
    private Integer duplicates;
    private Integer missing;
    private Double commitsPerRun;
    private Double hopP50Ms;
    private Double hopP95Ms;
    private Double chainMs;
    private Integer warmupRounds;
    private Long jitMs;
    private List<Double> roundStartsPerSec;
    private List<Double> roundLagP99Ms;
    private Double spawnLimitPerSec;
    private Double spawnRatio;
    private Double posixSpawnLimitPerSec;
    private Double posixSpawnRatio;
    private Double heapUsedMb;
    private Double heapBytesPerRun;

    private Builder(String peer, String workload, int n) {
      this.peer = peer;
      this.workload = workload;
      this.n = n;
    }

    private Builder(Result r) {
      peer = r.peer;
      workload = r.workload;
      n = r.n;
      launcher = r.launcher;
      startsPerSec = r.startsPerSec;
      lagP50Ms = r.lagP50Ms;
      lagP95Ms = r.lagP95Ms;
      lagP99Ms = r.lagP99Ms;
      lagMaxMs = r.lagMaxMs;
      firstStartMs = r.firstStartMs;
      drainMs = r.drainMs;
      duplicates = r.duplicates;
      missing = r.missing;
      commitsPerRun = r.commitsPerRun;
      hopP50Ms = r.hopP50Ms;
      hopP95Ms = r.hopP95Ms;
      chainMs = r.chainMs;
      warmupRounds = r.warmupRounds;
      jitMs = r.jitMs;
      roundStartsPerSec = r.roundStartsPerSec;
      roundLagP99Ms = r.roundLagP99Ms;
      spawnLimitPerSec = r.spawnLimitPerSec;
      spawnRatio = r.spawnRatio;
      posixSpawnLimitPerSec = r.posixSpawnLimitPerSec;
      posixSpawnRatio = r.posixSpawnRatio;
      heapUsedMb = r.heapUsedMb;
      heapBytesPerRun = r.heapBytesPerRun;
    }

    public Builder launcher(String value) {
      launcher = value;
      return this;
    }

    public Builder startsPerSec(double value) {
      startsPerSec = value;
      return this;
    }

    public Builder lagP50Ms(double value) {
      lagP50Ms = value;
      return this;
    }

    public Builder lagP95Ms(double value) {
      lagP95Ms = value;
      return this;
    }

    public Builder lagP99Ms(double value) {
      lagP99Ms = value;
      return this;
    }

    public Builder lagMaxMs(double value) {
      lagMaxMs = value;
      return this;
    }

    public Builder firstStartMs(double value) {
      firstStartMs = value;
      return this;
    }

    public Builder drainMs(double value) {
      drainMs = value;
      return this;
    }

    public Builder duplicates(int value) {
      duplicates = value;
      return this;
    }

    public Builder missing(int value) {
      missing = value;
      return this;
    }

    public Builder commitsPerRun(double value) {
      commitsPerRun = value;
      return this;
    }

    public Builder hopP50Ms(Double value) {
      hopP50Ms = value;
      return this;
    }

    public Builder hopP95Ms(Double value) {
      hopP95Ms = value;
      return this;
    }

    public Builder chainMs(Double value) {
      chainMs = value;
      return this;
    }

    public Builder warmupRounds(Integer value) {
      warmupRounds = value;
      return this;
    }

    public Builder jitMs(Long value) {
      jitMs = value;
      return this;
    }

    public Builder roundStartsPerSec(List<Double> value) {
      roundStartsPerSec = value;
      return this;
    }

    public Builder roundLagP99Ms(List<Double> value) {
      roundLagP99Ms = value;
      return this;
    }

    public Builder spawnLimitPerSec(Double value) {
      spawnLimitPerSec = value;
      return this;
    }

    public Builder spawnRatio(Double value) {
      spawnRatio = value;
      return this;
    }

    public Builder posixSpawnLimitPerSec(Double value) {
      posixSpawnLimitPerSec = value;
      return this;
    }

    public Builder posixSpawnRatio(Double value) {
      posixSpawnRatio = value;
      return this;
    }

    public Builder heapUsedMb(Double value) {
      heapUsedMb = value;
      return this;
    }

    public Builder heapBytesPerRun(Double value) {
      heapBytesPerRun = value;
      return this;
    }

    /**
     * The result; {@link IllegalStateException} when a measured figure was not set, which would
     * otherwise be written as a plausible 0.
     */
    public Result build() {
      return new Result(
          peer,
          workload,
          n,
          launcher,
          required(startsPerSec, "startsPerSec"),
          required(lagP50Ms, "lagP50Ms"),
          required(lagP95Ms, "lagP95Ms"),
          required(lagP99Ms, "lagP99Ms"),
          required(lagMaxMs, "lagMaxMs"),
          required(firstStartMs, "firstStartMs"),
          required(drainMs, "drainMs"),
          required(duplicates, "duplicates"),
          required(missing, "missing"),
          required(commitsPerRun, "commitsPerRun"),
          hopP50Ms,
          hopP95Ms,
          chainMs,
          warmupRounds,
          jitMs,
          roundStartsPerSec,
          roundLagP99Ms,
          spawnLimitPerSec,
          spawnRatio,
          posixSpawnLimitPerSec,
          posixSpawnRatio,
          heapUsedMb,
          heapBytesPerRun);
    }

    private static <T> T required(T value, String component) {
      if (value == null) {
        throw new IllegalStateException("Result." + component + " not set");
      }
      return value;
    }
  }
}
