package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunLifecycleTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final RetryPolicy TWO_RETRIES =
      new RetryPolicy(2, Duration.ofSeconds(10), 3.0, Duration.ofSeconds(20));

  private static RunLifecycle.Snapshot run(RunState state, int failures, int attempts) {
    return new RunLifecycle.Snapshot(state, failures, attempts);
  }

  @Test
  void dispatchLaunchesTheNextAttempt() {
    RunLifecycle.Transition t = RunLifecycle.dispatch(run(RunState.QUEUED, 1, 2));

    assertThat(t.to()).isEqualTo(RunState.RUNNING);
    assertThat(t.effects()).containsExactly(new RunLifecycle.Effect.LaunchAttempt(3));
  }

  @Test
  void aRunningAttemptChangesOnlyTheReasonOfTheRunItDrives() {
    RunLifecycle.Transition t =
        RunLifecycle.attemptRunning(run(RunState.RUNNING, 1, 2), 2, NOW, "a1");

    assertThat(t.to()).isEqualTo(RunState.RUNNING);
    assertThat(t.failures()).isEqualTo(1);
    assertThat(t.effects()).isEmpty();
    assertThat(t.reason()).isEqualTo("attempt 2 running since " + NOW + " on host a1");
    assertThat(
            RunLifecycle.attemptRunning(
                    run(RunState.RUNNING, 1, 2), 2, NOW.plusNanos(123_456_000), null)
                .reason())
        .as("to the second")
        .isEqualTo("attempt 2 running since " + NOW);
    assertThatThrownBy(() -> RunLifecycle.attemptRunning(run(RunState.RUNNING, 1, 3), 2, NOW, null))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> RunLifecycle.attemptRunning(run(RunState.KILLED, 0, 2), 2, NOW, null))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void successEndsTheRunAndReleasesDownstream() {
    RunLifecycle.Transition t =
        RunLifecycle.attemptEnded(
            run(RunState.RUNNING, 0, 1),
            1,
            AttemptOutcome.SUCCEEDED,
            RunLifecycle.AttemptEnd.NONE,
            TWO_RETRIES,
            NOW);

    assertThat(t.to()).isEqualTo(RunState.SUCCEEDED);
    assertThat(t.effects()).containsExactly(new RunLifecycle.Effect.EvaluateDownstream());
  }

  @Test
  void failuresRetryWithBackoffUntilRetriesRunOut() {
    RunLifecycle.Transition first =
        RunLifecycle.attemptEnded(
            run(RunState.RUNNING, 0, 1),
            1,
            AttemptOutcome.FAILED,
            new RunLifecycle.AttemptEnd(1, null, null),
            TWO_RETRIES,
            NOW);
    RunLifecycle.Transition second =
        RunLifecycle.attemptEnded(
            run(RunState.RUNNING, 1, 2),
            2,
            AttemptOutcome.TIMED_OUT,
            RunLifecycle.AttemptEnd.NONE,
            TWO_RETRIES,
            NOW);
    RunLifecycle.Transition third =
        RunLifecycle.attemptEnded(
            run(RunState.RUNNING, 2, 3),
            3,
            AttemptOutcome.LOST,
            RunLifecycle.AttemptEnd.NONE,
            TWO_RETRIES,
            NOW);

    assertThat(first.to()).isEqualTo(RunState.RETRYING);
    assertThat(first.retryAt()).isEqualTo(NOW.plusSeconds(10));
    assertThat(first.effects()).isEmpty();
    assertThat(second.to()).isEqualTo(RunState.RETRYING);
    assertThat(second.retryAt()).isEqualTo(NOW.plusSeconds(20)); // 30 s capped by maxDelay
    assertThat(third.to()).isEqualTo(RunState.FAILED);
    assertThat(third.failures()).isEqualTo(3);
    assertThat(third.reason()).contains("attempt 3 was lost").contains("no retries left");
    assertThat(third.effects()).containsExactly(new RunLifecycle.Effect.EvaluateDownstream());
  }

  @Test
  void anAttemptThatNeverStartedIsRequeuedWithoutSpendingARetry() {
    RunLifecycle.Transition t =
        RunLifecycle.attemptEnded(
            run(RunState.RUNNING, 0, 1),
            1,
            AttemptOutcome.NOT_STARTED,
            RunLifecycle.AttemptEnd.NONE,
            RetryPolicy.NONE,
            NOW);

    assertThat(t.to()).isEqualTo(RunState.QUEUED);
    assertThat(t.failures()).isZero();
  }

  @Test
  void rerunIsOnlyForEndedRunsAndResetsFailures() {
    RunLifecycle.Transition t = RunLifecycle.rerun(run(RunState.FAILED, 3, 4), "alice");

    assertThat(t.to()).isEqualTo(RunState.QUEUED);
    assertThat(t.failures()).isZero();
    assertThat(t.reason()).contains("alice");
    assertThatThrownBy(() -> RunLifecycle.rerun(run(RunState.RUNNING, 0, 1), "bob"))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("running");
  }

  private static final Reason BY_OP = Reason.of(ReasonKind.KILLED, Reason.BY, "op");

  @Test
  void killingARunningRunOnlyAsksTheAttemptToStop() {
    RunLifecycle.Transition running = RunLifecycle.kill(run(RunState.RUNNING, 0, 2), BY_OP);
    RunLifecycle.Transition queued = RunLifecycle.kill(run(RunState.QUEUED, 0, 0), BY_OP);

    assertThat(running.to()).isEqualTo(RunState.RUNNING);
    assertThat(running.effects()).containsExactly(new RunLifecycle.Effect.KillAttempt(2, BY_OP));
    assertThat(queued.to()).isEqualTo(RunState.KILLED);
    assertThat(queued.effects()).containsExactly(new RunLifecycle.Effect.EvaluateDownstream());
  }

  @Test
  void theTableRejectsImpossibleMoves() {
    assertThat(RunLifecycle.isAllowed(RunState.WAITING, RunState.RUNNING)).isFalse();
    assertThat(RunLifecycle.isAllowed(RunState.SUCCEEDED, RunState.FAILED)).isFalse();
    assertThatThrownBy(() -> RunLifecycle.dispatch(run(RunState.WAITING, 0, 0)))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void upstreamFailureEndsTheRunAndPropagates() {
    Readiness.Verdict failed =
        new Readiness.Verdict(
            RunState.UPSTREAM_FAILED, Reason.of(ReasonKind.UPSTREAM_FAILED, Reason.UPSTREAM, "x"));
    RunLifecycle.Transition t = RunLifecycle.upstreamVerdict(run(RunState.WAITING, 0, 0), failed);

    assertThat(t.to()).isEqualTo(RunState.UPSTREAM_FAILED);
    assertThat(t.effects()).isEqualTo(List.of(new RunLifecycle.Effect.EvaluateDownstream()));
  }

  @Test
  void aRefusalSaysWhetherTheEventOrTheMoveIsImpossible() {
    // An operator's request in a state it does not apply in: as the operator sees it.
    assertThatThrownBy(() -> RunLifecycle.rerun(run(RunState.QUEUED, 0, 0), "a"))
        .hasMessage("run is queued; only an ended run can be re-run");
    assertThatThrownBy(
            () ->
                RunLifecycle.kill(
                    run(RunState.SUCCEEDED, 0, 1), Reason.of(ReasonKind.KILLED, Reason.BY, "k")))
        .hasMessage("a succeeded run cannot become killed");
    // The engine's own event where it never sends it, though waiting to queued is a move.
    assertThatThrownBy(() -> RunLifecycle.retryDue(run(RunState.WAITING, 0, 0)))
        .hasMessage("retry_due does not happen to a waiting run");
  }
}
