package io.hydra.web.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Runs by state, counted by the database at most once per {@code maxAge}, so frequent scrapes (one
 * gauge per state each) cost one query.
 */
final class RunCounts {

  private final Jdbi jdbi;
  private final long maxAgeNanos;
  private Map<String, Long> counts = Map.of();
  private long readAt;
  private boolean read;

  RunCounts(Jdbi jdbi, Duration maxAge) {
    this.jdbi = jdbi;
    this.maxAgeNanos = maxAge.toNanos();
  }

  synchronized double count(String state) {
    long now = System.nanoTime();
    if (!read || now - readAt > maxAgeNanos) {
      Map<String, Long> fresh = new HashMap<>();
      jdbi.useHandle(
          h ->
              h.createQuery("select state, count(*) as n from run group by state")
                  .map((rs, ctx) -> fresh.put(rs.getString("state"), rs.getLong("n")))
                  .list());
      counts = fresh;
      readAt = now;
      read = true;
    }
    return counts.getOrDefault(state, 0L);
  }
}
