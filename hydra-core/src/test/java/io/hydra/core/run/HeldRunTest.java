package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A held run: the table's steps are those of a run not held, but for the steps it holds back
 * ({@link RunTable#HELD_BACK}) and a second hold; the hold lasts until released or the run ends.
 */
class HeldRunTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Hold BY_BOB = new Hold("bob", NOW.minusSeconds(60));

  @Property(tries = 300)
  void aHeldRunTakesEveryStepButTheHeldBackOnes(@ForAll RunState from, @ForAll RunEvent event) {
    RunTable.Step free = RunTable.step(from, false, event);
    RunTable.Step held = RunTable.step(from, true, event);
    if (RunTable.HELD_BACK.contains(event) || event == RunEvent.HOLD) {
      assertThat(held).isInstanceOf(RunTable.Step.Refused.class);
    } else if (event == RunEvent.RELEASE) {
      assertThat(free).isInstanceOf(RunTable.Step.Refused.class);
      assertThat(held).isEqualTo(RunTable.step(from, event));
    } else {
      assertThat(held).isEqualTo(free);
    }
  }

  /** Any sequence of steps a held run can take keeps the hold until the run ends. */
  @Property(tries = 300)
  void theHoldLastsUntilReleasedOrEnded(@ForAll("steps") java.util.List<RunEvent> events) {
    RunLifecycle.Snapshot run = new RunLifecycle.Snapshot(RunState.QUEUED, 0, 0, null, BY_BOB);
    for (RunEvent event : events) {
      if (!(RunTable.step(run.state(), run.held(), event) instanceof RunTable.Step.Moves)) {
        continue;
      }
      RunLifecycle.Transition t = apply(run, event);
      assertThat(t.hold()).isEqualTo(t.to().isTerminal() ? null : BY_BOB);
      assertThat(t.effects())
          .doesNotHaveAnyElementsOfTypes(RunLifecycle.Effect.LaunchAttempt.class);
      run = new RunLifecycle.Snapshot(t.to(), t.failures(), run.attempts(), t.retryAt(), t.hold());
    }
  }

  @Provide
  Arbitrary<java.util.List<RunEvent>> steps() {
    return Arbitraries.of(
            RunEvent.UPSTREAM_WAITING,
            RunEvent.UPSTREAM_READY,
            RunEvent.RETRY_DUE,
            RunEvent.DISPATCH,
            RunEvent.MARK_SUCCEEDED,
            RunEvent.KILL,
            RunEvent.CATCH_UP)
        .list()
        .ofMaxSize(8);
  }

  @Test
  void aHeldQueuedRunIsNotDispatched() {
    var run = new RunLifecycle.Snapshot(RunState.QUEUED, 0, 0, null, BY_BOB);
    assertThatThrownBy(() -> RunLifecycle.dispatch(run))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessage("run is held by bob; release it first");
  }

  @Test
  void aHeldRunningRunFinishesAndItsRetryWaitsQueuedForTheRelease() {
    var running = new RunLifecycle.Snapshot(RunState.RUNNING, 0, 1, null, BY_BOB);
    RetryPolicy retries = new RetryPolicy(2, Duration.ofSeconds(10), 1.0, Duration.ofSeconds(10));
    var failed =
        RunLifecycle.attemptEnded(
            running, 1, AttemptOutcome.FAILED, RunLifecycle.AttemptEnd.NONE, retries, NOW);
    assertThat(failed.to()).isEqualTo(RunState.RETRYING);
    assertThat(failed.hold()).isEqualTo(BY_BOB);

    var retrying = new RunLifecycle.Snapshot(RunState.RETRYING, 1, 1, failed.retryAt(), BY_BOB);
    var due = RunLifecycle.retryDue(retrying);
    assertThat(due.to()).isEqualTo(RunState.QUEUED);
    var queued = new RunLifecycle.Snapshot(RunState.QUEUED, 1, 1, null, due.hold());
    assertThatThrownBy(() -> RunLifecycle.dispatch(queued))
        .isInstanceOf(IllegalTransitionException.class);

    var released = RunLifecycle.release(queued, "carol");
    assertThat(released.hold()).isNull();
    assertThat(released.reason()).isEqualTo("released by carol");
    var free = new RunLifecycle.Snapshot(RunState.QUEUED, 1, 1, null, null);
    assertThat(RunLifecycle.dispatch(free).effects())
        .containsExactly(new RunLifecycle.Effect.LaunchAttempt(2));
  }

  @Test
  void holdingKeepsARetryingRunsDueTime() {
    Instant due = NOW.plusSeconds(30);
    var retrying = new RunLifecycle.Snapshot(RunState.RETRYING, 1, 1, due, null);
    var held = RunLifecycle.hold(retrying, "alice", NOW);
    assertThat(held.retryAt()).isEqualTo(due);
    assertThat(held.hold()).isEqualTo(new Hold("alice", NOW));
    assertThat(held.reason()).isEqualTo("held by alice");
  }

  @Test
  void refusalsSayWhy() {
    var held = new RunLifecycle.Snapshot(RunState.WAITING, 0, 0, null, BY_BOB);
    assertThatThrownBy(() -> RunLifecycle.hold(held, "alice", NOW))
        .hasMessage("run is held already, by bob");
    var free = new RunLifecycle.Snapshot(RunState.WAITING, 0, 0);
    assertThatThrownBy(() -> RunLifecycle.release(free, "alice")).hasMessage("run is not held");
    var ended = new RunLifecycle.Snapshot(RunState.SUCCEEDED, 0, 1);
    assertThatThrownBy(() -> RunLifecycle.hold(ended, "alice", NOW))
        .hasMessage("run is succeeded; only a run that has not ended can be held");
  }

  private static RunLifecycle.Transition apply(RunLifecycle.Snapshot run, RunEvent event) {
    return switch (event) {
      case UPSTREAM_WAITING, UPSTREAM_READY ->
          RunLifecycle.upstreamVerdict(
              run,
              new Readiness.Verdict(
                  event == RunEvent.UPSTREAM_READY ? RunState.QUEUED : RunState.WAITING,
                  Reason.of(ReasonKind.UPSTREAMS_MET)));
      case RETRY_DUE -> RunLifecycle.retryDue(run);
      case MARK_SUCCEEDED -> RunLifecycle.markSucceeded(run, "alice");
      case KILL -> RunLifecycle.kill(run, Reason.of(ReasonKind.KILLED, Reason.BY, "alice"));
      case CATCH_UP -> RunLifecycle.catchUp(run, "latest");
      default -> throw new AssertionError("not generated: " + event);
    };
  }
}
