package io.hydra.store.run;

import java.time.Instant;

/**
 * One retry of a pipeline: its root job and logical time, its number (1 for the first), and whether
 * it still waits for {@code dueAt} ({@code scheduled}) or has re-run the failed nodes ({@code
 * started}).
 *
 * @param maxRetries the root's policy when it was decided
 * @param requestedBy the operator who asked for it, or null for the policy
 */
public record PipelineRetry(
    String root,
    Instant logicalTime,
    int number,
    String state,
    Instant dueAt,
    int maxRetries,
    String requestedBy,
    Instant startedAt) {

  public static final String SCHEDULED = "scheduled";
  public static final String STARTED = "started";

  public boolean isScheduled() {
    return SCHEDULED.equals(state);
  }
}
