package io.hydra.scheduler.engine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the engine loop's passes take (a pass: one round of fires, dispatch and housekeeping
 * while leading, not the wait after it). The longest pass bounds how late a due fire or a timer can
 * be noticed, so it should stay short whatever the launcher does.
 */
public final class PassTimes {

  private final AtomicLong count = new AtomicLong();
  private final AtomicLong totalNanos = new AtomicLong();
  private final AtomicLong longestNanos = new AtomicLong();

  void record(long nanos) {
    count.incrementAndGet();
    totalNanos.addAndGet(nanos);
    longestNanos.accumulateAndGet(nanos, Math::max);
  }

  /** Passes so far. */
  public long count() {
    return count.get();
  }

  /** All passes together, in nanoseconds. */
  public long totalNanos() {
    return totalNanos.get();
  }

  /** The longest pass since the start or the last {@link #resetLongest}, in nanoseconds. */
  public long longestNanos() {
    return longestNanos.get();
  }

  public Duration longest() {
    return Duration.ofNanos(longestNanos());
  }

  /** Starts measuring the longest pass afresh (e.g. after a warm-up). */
  public void resetLongest() {
    longestNanos.set(0);
  }
}
