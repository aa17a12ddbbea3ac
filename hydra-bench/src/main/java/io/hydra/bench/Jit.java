package io.hydra.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How much the JIT compiler has worked in this JVM. On two cores the one C2 thread competes with
 * the code under measurement, and it promotes a method to its final tier only after many calls
 * (more while its queue is long): a round measured while it still compiles measures the compiler.
 */
public final class Jit {

  /** A phase is quiet when the compiler worked for at most this share of its duration. */
  private static final double QUIET_SHARE = 0.10;

  private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

  private Jit() {}

  /** Milliseconds the compiler threads have spent compiling since the JVM started. */
  private static long compileMillis() {
    return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported()
        ? COMPILER.getTotalCompilationTime()
        : 0;
  }

  /** A phase that has begun: wall clock and compiler time are counted from here. */
  public static final class Phase {
    private final long startNanos = System.nanoTime();
    private final long startCompileMs = compileMillis();

    /** The phase as it stands now. */
    public Span end() {
      return new Span(
          compileMillis() - startCompileMs, (System.nanoTime() - startNanos) / 1_000_000);
    }
  }

  /** A phase's duration, and how long the compiler worked during it. */
  public record Span(long compileMs, long ms) {

    /** Whether the compiler worked for at most {@link #QUIET_SHARE} of the phase. */
    public boolean quiet() {
      return compileMs <= QUIET_SHARE * Math.max(1, ms);
    }
  }

  /** One unmeasured round; returns the span of the phase that counts. */
  @FunctionalInterface
  public interface WarmUpRound {
    Span run(int number) throws Exception;
  }

  /**
   * Runs rounds until one during which the compiler was quiet, at most {@code max}; returns how
   * many ran.
   */
  public static int roundsUntilQuiet(int max, WarmUpRound round) throws Exception {
    return roundsUntilQuiet(1, max, round);
  }

  /**
   * As {@link #roundsUntilQuiet(int, WarmUpRound)}, running at least {@code min} rounds (at most
   * {@code max}): a round can be quiet because its set-up, not its measured phase, kept the
   * compiler busy, before the hot methods have been called often enough for their final tier.
   */
  public static int roundsUntilQuiet(int min, int max, WarmUpRound round) throws Exception {
    for (int number = 1; number <= max; number++) {
      boolean quiet = round.run(number).quiet();
      if (quiet && number >= min) {
        return number;
      }
    }
    return max;
  }
}
