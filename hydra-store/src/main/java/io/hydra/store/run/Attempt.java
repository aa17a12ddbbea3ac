package io.hydra.store.run;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.TaskLocation;
import java.time.Instant;

/**
 * One attempt of a run: one task on a launcher.
 *
 * @param killKind why a kill was requested, as data (a timeout ends the run as timed out); null
 *     while no kill was requested
 * @param location where the task runs, as the launcher identifies it; null if not known yet (a
 *     Mesos task before its agent reported) or recorded before locations were (migration V9)
 */
public record Attempt(
    long runId,
    int number,
    String taskId,
    String launcher,
    TaskLocation location,
    AttemptState state,
    Reason why,
    Integer exitCode,
    Instant deadlineAt,
    Instant killRequestedAt,
    ReasonKind killKind,
    String killReason,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt) {

  /** The sentence of {@link #why}, as an attempt shows it. */
  public String reason() {
    return why.attemptText();
  }

  public Attempt running(Instant now) {
    return new Attempt(
        runId,
        number,
        taskId,
        launcher,
        location,
        AttemptState.RUNNING,
        Reason.of(ReasonKind.ATTEMPT_RUNNING, Reason.ATTEMPT, number),
        exitCode,
        deadlineAt,
        killRequestedAt,
        killKind,
        killReason,
        createdAt,
        startedAt == null ? now : startedAt,
        null);
  }

  public Attempt ended(AttemptState to, Reason why, Integer code, Instant now) {
    return new Attempt(
        runId,
        number,
        taskId,
        launcher,
        location,
        to,
        why,
        code,
        deadlineAt,
        killRequestedAt,
        killKind,
        killReason,
        createdAt,
        startedAt,
        now);
  }

  /**
   * This attempt at {@code where}, if its location is not known yet; otherwise this attempt (a
   * location once recorded is kept).
   */
  public Attempt locatedAt(TaskLocation where) {
    if (where == null || location != null) {
      return this;
    }
    return new Attempt(
        runId,
        number,
        taskId,
        launcher,
        where,
        state,
        why,
        exitCode,
        deadlineAt,
        killRequestedAt,
        killKind,
        killReason,
        createdAt,
        startedAt,
        endedAt);
  }
}
