package io.hydra.store.run;

import io.hydra.core.run.Hold;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunLifecycle;
import io.hydra.core.run.RunState;
import java.time.Instant;
import java.util.Map;

/**
 * A run as stored: one (job, logical time). {@code hold} is an operator's hold (null when not
 * held); {@code priority} and {@code owner} order it in the queue (taken when it was created).
 */
public record Run(
    long id,
    String job,
    Instant logicalTime,
    int jobVersion,
    RunState state,
    Reason why,
    RunCause cause,
    Map<String, String> params,
    int failures,
    int attempts,
    Instant retryAt,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant endedAt,
    Hold hold,
    int priority,
    String owner) {

  public ReasonKind reasonKind() {
    return why.kind();
  }

  /** The sentence of {@link #why}. */
  public String reason() {
    return why.text();
  }

  public RunLifecycle.Snapshot snapshot() {
    return new RunLifecycle.Snapshot(state, failures, attempts, retryAt, hold);
  }

  /** This run after a transition of the state machine, at {@code now}. */
  public Run apply(RunLifecycle.Transition t, Instant now) {
    int attemptCount = attempts;
    Instant started = startedAt;
    for (RunLifecycle.Effect effect : t.effects()) {
      if (effect instanceof RunLifecycle.Effect.LaunchAttempt launch) {
        attemptCount = launch.number();
        started = started == null ? now : started;
      }
    }
    Instant ended = t.to().isTerminal() ? now : null;
    return new Run(
        id,
        job,
        logicalTime,
        jobVersion,
        t.to(),
        t.why(),
        cause,
        params,
        t.failures(),
        attemptCount,
        t.retryAt(),
        createdAt,
        now,
        started,
        ended,
        t.hold(),
        priority,
        owner);
  }

  public Run withParams(Map<String, String> newParams) {
    return new Run(
        id,
        job,
        logicalTime,
        jobVersion,
        state,
        why,
        cause,
        Map.copyOf(newParams),
        failures,
        attempts,
        retryAt,
        createdAt,
        updatedAt,
        startedAt,
        endedAt,
        hold,
        priority,
        owner);
  }

  public Run withJobVersion(int version) {
    return new Run(
        id,
        job,
        logicalTime,
        version,
        state,
        why,
        cause,
        params,
        failures,
        attempts,
        retryAt,
        createdAt,
        updatedAt,
        startedAt,
        endedAt,
        hold,
        priority,
        owner);
  }
}
