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
  public static final double QUIET_SHARE = 0.10;

  private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

  private Jit() {}

  /** Milliseconds the compiler threads have spent compiling since the JVM started. */
  public static long compileMillis() {
    return COMPILER != null && COMPILER.isCompilationTimeMonitoringSupported()
        ? COMPILER.getTotalCompilationTime()
        : 0;
  }

  /** Whether {@code compileMs} of compilation during a phase of {@code phaseMs} is quiet. */
  public static boolean quiet(long compileMs, long phaseMs) {
    return compileMs <= QUIET_SHARE * Math.max(1, phaseMs);
  }
}
