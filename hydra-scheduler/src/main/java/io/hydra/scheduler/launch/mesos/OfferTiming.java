package io.hydra.scheduler.launch.mesos;

import java.time.Duration;

/**
 * How the Mesos launcher paces itself against the master's allocator.
 *
 * @param allocationInterval the master's {@code --allocation_interval} (1 s by default): how often
 *     it makes offers at most. The watchdog counts in these
 * @param linger how long an offer is held so that launches arriving just after it ride on it too,
 *     instead of each burst of the engine's dispatch getting an allocation cycle of its own
 * @param starvedAfter allocation intervals that work may wait without any offer before the watchdog
 *     revives again and reports it
 */
public record OfferTiming(Duration allocationInterval, Duration linger, int starvedAfter) {

  public static final OfferTiming DEFAULT =
      new OfferTiming(Duration.ofSeconds(1), Duration.ofMillis(100), 3);

  public OfferTiming {
    if (allocationInterval.isNegative() || allocationInterval.isZero()) {
      throw new IllegalArgumentException("allocationInterval must be positive");
    }
    if (linger.isNegative()) {
      throw new IllegalArgumentException("linger must be >= 0");
    }
    if (starvedAfter < 1) {
      throw new IllegalArgumentException("starvedAfter must be >= 1");
    }
  }

  long starvedAfterNanos() {
    return allocationInterval.toNanos() * starvedAfter;
  }
}
