package io.hydra.store.alert;

import java.time.Instant;

/**
 * A warning that a job's run for a logical time will miss, or has missed, its deadline.
 *
 * @param kind {@code at_risk} or {@code deadline_missed}
 * @param runId the run, or null while the job had no run at that logical time yet
 * @param eta the predicted success when it was raised; null if it could not succeed unaided
 */
public record DeadlineAlert(
    long id,
    String job,
    Instant logicalTime,
    String kind,
    Long runId,
    Instant deadline,
    Instant eta,
    String reason,
    Instant createdAt) {

  public static final String AT_RISK = "at_risk";
  public static final String MISSED = "deadline_missed";
}
