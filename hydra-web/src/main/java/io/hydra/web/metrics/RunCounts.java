package io.hydra.web.metrics;

import io.hydra.store.Store;
import java.time.Duration;
import java.util.Map;

/**
 * Runs by state, counted by the database at most once per {@code maxAge}, so frequent scrapes (one
 * gauge per state each) cost one query.
 */
final class RunCounts {

  private final Store store;
  private final long maxAgeNanos;
  private Map<String, Long> counts = Map.of();
  private long readAt;
  private boolean read;

  RunCounts(Store store, Duration maxAge) {
    this.store = store;
    this.maxAgeNanos = maxAge.toNanos();
  }

  synchronized double count(String state) {
    long now = System.nanoTime();
    if (!read || now - readAt > maxAgeNanos) {
      counts = store.read(tx -> tx.runSummaries().countsByState());
      readAt = now;
      read = true;
    }
    return counts.getOrDefault(state, 0L);
  }
}
