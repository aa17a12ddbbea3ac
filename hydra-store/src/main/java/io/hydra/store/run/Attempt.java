package io.hydra.store.run;

import io.hydra.core.run.AttemptState;
import java.time.Instant;

/** One attempt of a run: one task on a launcher. */
public record Attempt(
    long runId,
    int number,
    String taskId,
    String launcher,
    AttemptState state,
    String reason,
    Integer exitCode,
    Instant deadlineAt,
    Instant killRequestedAt,
    String killReason,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt) {

  public Attempt running(Instant now) {
    return new Attempt(
        runId,
        number,
        taskId,
        launcher,
        AttemptState.RUNNING,
        "running",
        exitCode,
        deadlineAt,
        killRequestedAt,
        killReason,
        createdAt,
        startedAt == null ? now : startedAt,
        null);
  }

  public Attempt ended(AttemptState to, String why, Integer code, Instant now) {
    return new Attempt(
        runId,
        number,
        taskId,
        launcher,
        to,
        why,
        code,
        deadlineAt,
        killRequestedAt,
        killReason,
        createdAt,
        startedAt,
        now);
  }
}
