package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the run table ({@link RunTable}), written out: a change to any cell, or a new state
 * or event, fails here. Each event's {@link RunLifecycle} method must also do what its cell says.
 * The attempt table has the same test: {@code AttemptLifecycleTest}.
 */
class RunTableTest {

  /** state, event, then "refused" or: target, failure count, effects ("-" for none). */
  private static final String RUNS =
      """
      waiting          dispatch                  refused
      waiting          attempt_succeeded         refused
      waiting          attempt_failed_retry      refused
      waiting          attempt_failed_final      refused
      waiting          attempt_killed            refused
      waiting          attempt_not_started       refused
      waiting          retry_due                 refused
      waiting          rerun                     refused
      waiting          mark_succeeded            succeeded        keep   evaluate_downstream
      waiting          operator_skip             skipped          keep   evaluate_downstream
      waiting          await_upstream_rerun      refused
      waiting          catch_up                  refused
      waiting          upstream_waiting          waiting          keep   -
      waiting          upstream_ready            queued           keep   -
      waiting          upstream_failed           upstream_failed  keep   evaluate_downstream
      waiting          upstream_skipped          skipped          keep   evaluate_downstream
      waiting          upstream_deadline_passed  failed           keep   evaluate_downstream
      waiting          kill                      killed           keep   evaluate_downstream
      waiting          skip                      skipped          keep   evaluate_downstream
      waiting          hold                      held
      waiting          release                   released

      queued           dispatch                  running          keep   launch_attempt
      queued           attempt_succeeded         refused
      queued           attempt_failed_retry      refused
      queued           attempt_failed_final      refused
      queued           attempt_killed            refused
      queued           attempt_not_started       refused
      queued           retry_due                 refused
      queued           rerun                     refused
      queued           mark_succeeded            succeeded        keep   evaluate_downstream
      queued           operator_skip             skipped          keep   evaluate_downstream
      queued           await_upstream_rerun      refused
      queued           catch_up                  refused
      queued           upstream_waiting          refused
      queued           upstream_ready            refused
      queued           upstream_failed           refused
      queued           upstream_skipped          refused
      queued           upstream_deadline_passed  refused
      queued           kill                      killed           keep   evaluate_downstream
      queued           skip                      skipped          keep   evaluate_downstream
      queued           hold                      held
      queued           release                   released

      running          dispatch                  refused
      running          attempt_succeeded         succeeded        keep   evaluate_downstream
      running          attempt_failed_retry      retrying         count  -
      running          attempt_failed_final      failed           count  evaluate_downstream
      running          attempt_killed            killed           keep   evaluate_downstream
      running          attempt_not_started       queued           keep   -
      running          retry_due                 refused
      running          rerun                     refused
      running          mark_succeeded            refused
      running          operator_skip             refused
      running          await_upstream_rerun      refused
      running          catch_up                  refused
      running          upstream_waiting          refused
      running          upstream_ready            refused
      running          upstream_failed           refused
      running          upstream_skipped          refused
      running          upstream_deadline_passed  refused
      running          kill                      running          keep   kill_attempt
      running          skip                      refused
      running          hold                      held
      running          release                   released

      retrying         dispatch                  refused
      retrying         attempt_succeeded         refused
      retrying         attempt_failed_retry      refused
      retrying         attempt_failed_final      refused
      retrying         attempt_killed            refused
      retrying         attempt_not_started       refused
      retrying         retry_due                 queued           keep   -
      retrying         rerun                     refused
      retrying         mark_succeeded            succeeded        keep   evaluate_downstream
      retrying         operator_skip             skipped          keep   evaluate_downstream
      retrying         await_upstream_rerun      refused
      retrying         catch_up                  refused
      retrying         upstream_waiting          refused
      retrying         upstream_ready            refused
      retrying         upstream_failed           refused
      retrying         upstream_skipped          refused
      retrying         upstream_deadline_passed  refused
      retrying         kill                      killed           keep   evaluate_downstream
      retrying         skip                      skipped          keep   evaluate_downstream
      retrying         hold                      held
      retrying         release                   released

      succeeded        dispatch                  refused
      succeeded        attempt_succeeded         refused
      succeeded        attempt_failed_retry      refused
      succeeded        attempt_failed_final      refused
      succeeded        attempt_killed            refused
      succeeded        attempt_not_started       refused
      succeeded        retry_due                 refused
      succeeded        rerun                     queued           reset  -
      succeeded        mark_succeeded            refused
      succeeded        operator_skip             refused
      succeeded        await_upstream_rerun      waiting          reset  -
      succeeded        catch_up                  refused
      succeeded        upstream_waiting          refused
      succeeded        upstream_ready            refused
      succeeded        upstream_failed           refused
      succeeded        upstream_skipped          refused
      succeeded        upstream_deadline_passed  refused
      succeeded        kill                      refused
      succeeded        skip                      refused
      succeeded        hold                      refused
      succeeded        release                   refused

      failed           dispatch                  refused
      failed           attempt_succeeded         refused
      failed           attempt_failed_retry      refused
      failed           attempt_failed_final      refused
      failed           attempt_killed            refused
      failed           attempt_not_started       refused
      failed           retry_due                 refused
      failed           rerun                     queued           reset  -
      failed           mark_succeeded            succeeded        keep   evaluate_downstream
      failed           operator_skip             skipped          keep   evaluate_downstream
      failed           await_upstream_rerun      waiting          reset  -
      failed           catch_up                  refused
      failed           upstream_waiting          refused
      failed           upstream_ready            refused
      failed           upstream_failed           refused
      failed           upstream_skipped          refused
      failed           upstream_deadline_passed  refused
      failed           kill                      refused
      failed           skip                      refused
      failed           hold                      refused
      failed           release                   refused

      killed           dispatch                  refused
      killed           attempt_succeeded         refused
      killed           attempt_failed_retry      refused
      killed           attempt_failed_final      refused
      killed           attempt_killed            refused
      killed           attempt_not_started       refused
      killed           retry_due                 refused
      killed           rerun                     queued           reset  -
      killed           mark_succeeded            succeeded        keep   evaluate_downstream
      killed           operator_skip             skipped          keep   evaluate_downstream
      killed           await_upstream_rerun      waiting          reset  -
      killed           catch_up                  refused
      killed           upstream_waiting          refused
      killed           upstream_ready            refused
      killed           upstream_failed           refused
      killed           upstream_skipped          refused
      killed           upstream_deadline_passed  refused
      killed           kill                      refused
      killed           skip                      refused
      killed           hold                      refused
      killed           release                   refused

      skipped          dispatch                  refused
      skipped          attempt_succeeded         refused
      skipped          attempt_failed_retry      refused
      skipped          attempt_failed_final      refused
      skipped          attempt_killed            refused
      skipped          attempt_not_started       refused
      skipped          retry_due                 refused
      skipped          rerun                     queued           reset  -
      skipped          mark_succeeded            succeeded        keep   evaluate_downstream
      skipped          operator_skip             refused
      skipped          await_upstream_rerun      waiting          reset  -
      skipped          catch_up                  queued           keep   evaluate_downstream
      skipped          upstream_waiting          waiting          keep   -
      skipped          upstream_ready            queued           keep   -
      skipped          upstream_failed           upstream_failed  keep   evaluate_downstream
      skipped          upstream_skipped          skipped          keep   evaluate_downstream
      skipped          upstream_deadline_passed  refused
      skipped          kill                      refused
      skipped          skip                      refused
      skipped          hold                      refused
      skipped          release                   refused

      upstream_failed  dispatch                  refused
      upstream_failed  attempt_succeeded         refused
      upstream_failed  attempt_failed_retry      refused
      upstream_failed  attempt_failed_final      refused
      upstream_failed  attempt_killed            refused
      upstream_failed  attempt_not_started       refused
      upstream_failed  retry_due                 refused
      upstream_failed  rerun                     queued           reset  -
      upstream_failed  mark_succeeded            succeeded        keep   evaluate_downstream
      upstream_failed  operator_skip             skipped          keep   evaluate_downstream
      upstream_failed  await_upstream_rerun      waiting          reset  -
      upstream_failed  catch_up                  refused
      upstream_failed  upstream_waiting          waiting          keep   -
      upstream_failed  upstream_ready            queued           keep   -
      upstream_failed  upstream_failed           upstream_failed  keep   evaluate_downstream
      upstream_failed  upstream_skipped          skipped          keep   evaluate_downstream
      upstream_failed  upstream_deadline_passed  refused
      upstream_failed  kill                      refused
      upstream_failed  skip                      refused
      upstream_failed  hold                      refused
      upstream_failed  release                   refused
      """;

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final RetryPolicy THREE_RETRIES =
      new RetryPolicy(3, Duration.ofSeconds(10), 1.0, Duration.ofSeconds(10));

  static Stream<String> runCells() {
    return rows(RUNS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runCells")
  void everyRunCell(String row) {
    String[] c = row.split("\\s+");
    RunState from = RunState.fromWire(c[0]);
    RunEvent event = RunEvent.valueOf(c[1].toUpperCase());
    RunTable.Step expected =
        switch (c[2]) {
          case "refused" -> new RunTable.Step.Refused();
          case "held" -> new RunTable.Step.Holds(true);
          case "released" -> new RunTable.Step.Holds(false);
          default ->
              new RunTable.Step.Moves(
                  RunState.fromWire(c[2]),
                  RunTable.Failures.valueOf(c[3].toUpperCase()),
                  c[4].equals("-")
                      ? List.of()
                      : Arrays.stream(c[4].split("\\+"))
                          .map(e -> RunTable.EffectKind.valueOf(e.toUpperCase()))
                          .toList());
        };

    assertThat(RunTable.step(from, event)).isEqualTo(expected);
    // The event's method does what the cell says.
    // 1 failure, 2 attempts; held only to be released
    RunLifecycle.Snapshot run =
        new RunLifecycle.Snapshot(
            from, 1, 2, null, event == RunEvent.RELEASE ? new Hold("bob", NOW) : null);
    if (expected instanceof RunTable.Step.Holds holds) {
      RunLifecycle.Transition t = method(event).apply(run);
      assertThat(t.to()).isEqualTo(from);
      assertThat(t.failures()).isEqualTo(1);
      assertThat(t.effects()).isEmpty();
      assertThat(t.hold() != null).isEqualTo(holds.held());
    } else if (expected instanceof RunTable.Step.Moves moves) {
      RunLifecycle.Transition t = method(event).apply(run);
      assertThat(t.to()).isEqualTo(moves.to());
      assertThat(t.failures())
          .isEqualTo(
              switch (moves.failures()) {
                case KEEP -> 1;
                case COUNT -> 2;
                case RESET -> 0;
              });
      assertThat(t.effects().stream().map(RunTableTest::kind).toList()).isEqualTo(moves.effects());
      assertThat(RunLifecycle.isAllowed(from, moves.to()) || event == RunEvent.KILL).isTrue();
    } else {
      assertThatThrownBy(() -> method(event).apply(run))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessageContaining(from.wireName());
    }
  }

  @Test
  void theListCoversEveryStateAndEventOnce() {
    Set<String> listed = keys(RUNS);
    assertThat(listed).hasSize(RunState.values().length * RunEvent.values().length);
    for (RunState s : RunState.values()) {
      for (RunEvent e : RunEvent.values()) {
        assertThat(listed).contains(s.wireName() + " " + e.wireName());
      }
    }
  }

  @Test
  void runsAreCreatedWaitingQueuedRunningSkippedOrUpstreamFailed() {
    assertThat(RunTable.CREATED_IN)
        .containsExactlyInAnyOrder(
            RunState.WAITING,
            RunState.QUEUED,
            RunState.RUNNING,
            RunState.SKIPPED,
            RunState.UPSTREAM_FAILED);
    for (RunState initial : RunState.values()) {
      if (RunTable.CREATED_IN.contains(initial)) {
        RunLifecycle.Transition t = RunLifecycle.created(initial, Reason.of(ReasonKind.TRIGGERED));
        assertThat(t.to()).isEqualTo(initial);
        assertThat(t.effects().contains(new RunLifecycle.Effect.EvaluateDownstream()))
            .as("a run created %s reaches its dependents", initial.wireName())
            .isEqualTo(initial.isTerminal());
        assertThat(t.effects().contains(new RunLifecycle.Effect.LaunchAttempt(1)))
            .isEqualTo(initial == RunState.RUNNING);
      } else {
        assertThatThrownBy(() -> RunLifecycle.created(initial, Reason.of(ReasonKind.TRIGGERED)))
            .isInstanceOf(IllegalTransitionException.class);
      }
    }
  }

  /**
   * Downstream re-evaluates every run its upstreams decided ({@link Readiness#decidedByUpstreams});
   * a verdict refused there would fail the transaction that ended the upstream run.
   */
  @Test
  void everyRunDecidedByUpstreamsTakesEveryVerdict() {
    for (RunState s : RunState.values()) {
      for (ReasonKind kind : ReasonKind.values()) {
        if (!Readiness.decidedByUpstreams(s, kind)) {
          continue;
        }
        for (RunState verdict :
            List.of(
                RunState.WAITING, RunState.QUEUED, RunState.UPSTREAM_FAILED, RunState.SKIPPED)) {
          assertThat(RunTable.step(s, RunEvent.ofVerdict(verdict)))
              .as("%s (%s) given %s", s.wireName(), kind.wireName(), verdict.wireName())
              .isInstanceOf(RunTable.Step.Moves.class);
        }
      }
    }
  }

  /** The RunLifecycle method that applies {@code event}, with arguments that pick it. */
  private static Function<RunLifecycle.Snapshot, RunLifecycle.Transition> method(RunEvent event) {
    return switch (event) {
      case DISPATCH -> RunLifecycle::dispatch;
      case ATTEMPT_SUCCEEDED -> ended(AttemptOutcome.SUCCEEDED, RetryPolicy.NONE);
      case ATTEMPT_FAILED_RETRY -> ended(AttemptOutcome.FAILED, THREE_RETRIES);
      case ATTEMPT_FAILED_FINAL -> ended(AttemptOutcome.FAILED, RetryPolicy.NONE);
      case ATTEMPT_KILLED -> ended(AttemptOutcome.KILLED, THREE_RETRIES);
      case ATTEMPT_NOT_STARTED -> ended(AttemptOutcome.NOT_STARTED, RetryPolicy.NONE);
      case RETRY_DUE -> RunLifecycle::retryDue;
      case RERUN -> run -> RunLifecycle.rerun(run, "alice");
      case MARK_SUCCEEDED -> run -> RunLifecycle.markSucceeded(run, "alice");
      case OPERATOR_SKIP -> run -> RunLifecycle.skipByOperator(run, "alice");
      case AWAIT_UPSTREAM_RERUN -> run -> RunLifecycle.awaitUpstreamRerun(run, "up");
      case CATCH_UP -> run -> RunLifecycle.catchUp(run, "latest");
      case UPSTREAM_WAITING -> verdict(RunState.WAITING);
      case UPSTREAM_READY -> verdict(RunState.QUEUED);
      case UPSTREAM_FAILED -> verdict(RunState.UPSTREAM_FAILED);
      case UPSTREAM_SKIPPED -> verdict(RunState.SKIPPED);
      case UPSTREAM_DEADLINE_PASSED -> verdict(RunState.FAILED);
      case KILL -> run -> RunLifecycle.kill(run, Reason.of(ReasonKind.KILLED, Reason.BY, "alice"));
      case SKIP -> run -> RunLifecycle.skip(run, Reason.of(ReasonKind.JOB_DELETED));
      case HOLD -> run -> RunLifecycle.hold(run, "alice", NOW);
      case RELEASE -> run -> RunLifecycle.release(run, "alice");
    };
  }

  private static Function<RunLifecycle.Snapshot, RunLifecycle.Transition> ended(
      AttemptOutcome outcome, RetryPolicy retries) {
    return run ->
        RunLifecycle.attemptEnded(run, 2, outcome, RunLifecycle.AttemptEnd.NONE, retries, NOW);
  }

  private static Function<RunLifecycle.Snapshot, RunLifecycle.Transition> verdict(RunState s) {
    return run ->
        RunLifecycle.upstreamVerdict(
            run,
            new Readiness.Verdict(
                s, Reason.of(ReasonKind.UPSTREAM_PENDING, Reason.UPSTREAM, "up")));
  }

  private static RunTable.EffectKind kind(RunLifecycle.Effect effect) {
    if (effect instanceof RunLifecycle.Effect.LaunchAttempt launch) {
      assertThat(launch.number()).isEqualTo(3); // the next attempt
      return RunTable.EffectKind.LAUNCH_ATTEMPT;
    }
    if (effect instanceof RunLifecycle.Effect.KillAttempt kill) {
      assertThat(kill.number()).isEqualTo(2); // the current attempt
      return RunTable.EffectKind.KILL_ATTEMPT;
    }
    return RunTable.EffectKind.EVALUATE_DOWNSTREAM;
  }

  /** "state event" of each row; fails on a pair listed twice. */
  static Set<String> keys(String table) {
    Set<String> keys = new HashSet<>();
    rows(table)
        .forEach(
            row -> {
              String[] c = row.split("\\s+");
              assertThat(keys.add(c[0] + " " + c[1])).as("listed twice: " + row).isTrue();
            });
    return keys;
  }

  static Stream<String> rows(String table) {
    return table.lines().map(String::strip).filter(l -> !l.isEmpty());
  }
}
