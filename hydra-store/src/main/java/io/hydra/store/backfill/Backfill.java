package io.hydra.store.backfill;

import java.time.Instant;
import java.util.Map;

/**
 * A backfill as stored: runs for every fire time of {@code job} in {@code [from, to]}, oldest
 * first, at most {@code parallelism} unfinished at once. {@code nextFire} is the next fire time
 * still to create a run for; null once all are created. {@code existing} counts fire times that
 * already had a run, which the backfill leaves as they are. {@code priority} is its runs' (null:
 * the job's).
 */
public record Backfill(
    long id,
    String job,
    Instant from,
    Instant to,
    int parallelism,
    String state,
    int total,
    int existing,
    Instant nextFire,
    Map<String, String> params,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    Instant endedAt,
    Integer priority) {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public boolean isRunning() {
    return RUNNING.equals(state);
  }
}
