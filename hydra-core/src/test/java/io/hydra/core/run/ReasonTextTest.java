package io.hydra.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every reason kind renders a sentence from its details, worded as runs have always read. */
class ReasonTextTest {

  private static final Instant NOW = Instant.parse("2026-03-02T11:00:00Z");

  /** Each kind with the details its producers give it, and the sentence people read. */
  private static Map<ReasonKind, Map.Entry<Reason, String>> examples() {
    Map<ReasonKind, Map.Entry<Reason, String>> out = new EnumMap<>(ReasonKind.class);
    put(out, Reason.of(ReasonKind.SCHEDULED), "scheduled fire");
    put(out, Reason.of(ReasonKind.TRIGGERED), "triggered");
    put(out, Reason.of(ReasonKind.BACKFILL), "backfill");
    put(out, Reason.of(ReasonKind.UPSTREAM_ENDED), "created when an upstream run ended");
    put(
        out,
        Reason.of(ReasonKind.UPSTREAM_PENDING, Reason.UPSTREAM, "up", Reason.AWAITS, "succeed"),
        "waiting for upstream run of 'up' to succeed");
    put(
        out,
        Reason.of(ReasonKind.UPSTREAMS_MET, Reason.TRIGGER, "all_done"),
        "all upstream runs ended");
    put(
        out,
        Reason.of(ReasonKind.UPSTREAM_FAILED, Reason.UPSTREAM, "up"),
        "upstream run of 'up' failed");
    put(
        out,
        Reason.of(ReasonKind.UPSTREAM_SKIPPED, Reason.UPSTREAM, "up"),
        "upstream run of 'up' was skipped");
    put(out, Reason.of(ReasonKind.NO_UPSTREAM_FAILED), "no upstream run failed");
    put(
        out,
        Reason.of(
            ReasonKind.UPSTREAM_TIMEOUT,
            Reason.WINDOWS,
            "'up' with logical time in [a, b]",
            Reason.DEADLINE,
            NOW),
        "upstream_timeout: no success of 'up' with logical time in [a, b] by " + NOW);
    put(
        out,
        Reason.of(ReasonKind.UPSTREAM_RERUN, Reason.UPSTREAM, "up"),
        "waiting for the re-run of upstream 'up'");
    put(
        out,
        Reason.of(ReasonKind.MISSED, Reason.CATCHUP, "latest", Reason.FIRE, NOW),
        "missed: fire at " + NOW + " was not run (catchup: latest)");
    put(
        out,
        Reason.of(ReasonKind.PAUSED, Reason.FIRE, NOW, Reason.NOT_RECORDED, 3),
        "paused: fire at "
            + NOW
            + " was not run because the job is paused; 3 older fires not recorded individually");
    put(
        out,
        Reason.of(
            ReasonKind.CALENDAR,
            Reason.FIRE,
            NOW,
            Reason.CALENDAR,
            "uk-bank-holidays",
            Reason.RULE,
            "onlyOn",
            Reason.DATE,
            "2027-12-27"),
        "calendar: fire at "
            + NOW
            + " was not run: 2027-12-27 is not a business day of calendar uk-bank-holidays");
    put(
        out,
        Reason.of(ReasonKind.CONCURRENCY),
        "concurrency: another run of this job is active (concurrency: forbid)");
    put(
        out,
        Reason.of(ReasonKind.MANUAL, Reason.BACKFILL, 7, Reason.BY, "alice"),
        "manual: backfill 7 cancelled by alice");
    put(out, Reason.of(ReasonKind.KILLED, Reason.BY, "alice"), "killed by alice");
    put(
        out,
        Reason.of(ReasonKind.REPLACED, Reason.RUN, 42),
        "replaced by run 42 (concurrency: replace)");
    put(out, Reason.of(ReasonKind.JOB_DELETED), "job was deleted");
    put(out, Reason.of(ReasonKind.LAUNCHING, Reason.ATTEMPT, 2), "attempt 2 launching");
    put(
        out,
        Reason.of(
            ReasonKind.ATTEMPT_RUNNING, Reason.ATTEMPT, 2, Reason.SINCE, NOW, Reason.HOST, "a1"),
        "attempt 2 running since " + NOW + " on host a1");
    put(
        out,
        Reason.of(ReasonKind.ATTEMPT_SUCCEEDED, Reason.ATTEMPT, 1, Reason.EXIT_CODE, 0),
        "attempt 1 succeeded");
    put(
        out,
        Reason.of(ReasonKind.ATTEMPT_FAILED, Reason.ATTEMPT, 1, Reason.EXIT_CODE, 3),
        "attempt 1 failed (exit code 3)");
    put(
        out,
        Reason.of(ReasonKind.ATTEMPT_TIMED_OUT, Reason.ATTEMPT, 1, Reason.KILLED_FOR, "timeout"),
        "attempt 1 timed out (timeout)");
    put(
        out,
        Reason.of(ReasonKind.ATTEMPT_KILLED, Reason.ATTEMPT, 1, Reason.KILLED_FOR, "killed by bo"),
        "attempt 1 was killed (killed by bo)");
    put(
        out,
        Reason.of(ReasonKind.ATTEMPT_LOST, Reason.ATTEMPT, 1, Reason.MESSAGE, "agent gone"),
        "attempt 1 was lost (agent gone)");
    put(
        out,
        Reason.of(ReasonKind.ATTEMPT_NOT_STARTED, Reason.ATTEMPT, 1),
        "attempt 1 never started; starting it again");
    put(out, Reason.of(ReasonKind.RETRY_DUE), "retry timer fired");
    put(out, Reason.of(ReasonKind.RERUN, Reason.BY, "alice"), "re-run requested by alice");
    put(
        out,
        Reason.of(ReasonKind.MARKED_SUCCEEDED, Reason.BY, "alice"),
        "marked successful by alice");
    put(
        out,
        Reason.of(ReasonKind.CAUGHT_UP, Reason.CATCHUP, "all"),
        "caught up after resume (catchup: all)");
    put(out, Reason.of(ReasonKind.HELD, Reason.BY, "alice"), "held by alice");
    put(out, Reason.of(ReasonKind.RELEASED, Reason.BY, "bob"), "released by bob");
    put(
        out,
        Reason.of(ReasonKind.PIPELINE_RETRY, Reason.PIPELINE_RETRY, 1, Reason.RETRIES, 2),
        "re-run by pipeline retry 1 of 2");
    put(out, Reason.legacy(ReasonKind.UNKNOWN, "as it was"), "as it was");
    return out;
  }

  @Test
  void aPipelineRetrySaysWhoAskedAndAWaitingDownstreamWhichRetry() {
    assertThat(
            Reason.of(ReasonKind.PIPELINE_RETRY, Reason.PIPELINE_RETRY, 3, Reason.BY, "bob").text())
        .isEqualTo("re-run by pipeline retry 3, requested by bob");
    assertThat(
            Reason.of(ReasonKind.UPSTREAM_RERUN, Reason.UPSTREAM, "up", Reason.PIPELINE_RETRY, 1)
                .text())
        .isEqualTo("waiting for the re-run of upstream 'up' (pipeline retry 1)");
  }

  @Test
  void aRunningAttemptSaysOnlyWhatIsKnown() {
    assertThat(Reason.of(ReasonKind.ATTEMPT_RUNNING, Reason.ATTEMPT, 2).text())
        .isEqualTo("attempt 2 running");
    assertThat(Reason.of(ReasonKind.ATTEMPT_RUNNING, Reason.ATTEMPT, 2, Reason.SINCE, NOW).text())
        .isEqualTo("attempt 2 running since " + NOW);
  }

  private static void put(Map<ReasonKind, Map.Entry<Reason, String>> out, Reason r, String text) {
    out.put(r.kind(), Map.entry(r, text));
  }

  @Test
  void everyKindRendersItsSentenceFromItsDetails() {
    Map<ReasonKind, Map.Entry<Reason, String>> examples = examples();
    assertThat(examples.keySet()).containsExactlyInAnyOrder(ReasonKind.values());
    examples.forEach(
        (kind, example) ->
            assertThat(example.getKey().text()).as(kind.name()).isEqualTo(example.getValue()));
  }

  @Test
  void aRetriedFailureNamesTheRetryAndTheLastOneSaysNoneAreLeft() {
    RetryPolicy two = new RetryPolicy(2, Duration.ofMinutes(1), 1.0, Duration.ofMinutes(1));
    RunLifecycle.AttemptEnd exit1 = new RunLifecycle.AttemptEnd(1, null, null);
    RunLifecycle.Transition first =
        RunLifecycle.attemptEnded(
            new RunLifecycle.Snapshot(RunState.RUNNING, 0, 1),
            1,
            AttemptOutcome.FAILED,
            exit1,
            two,
            NOW);
    RunLifecycle.Transition last =
        RunLifecycle.attemptEnded(
            new RunLifecycle.Snapshot(RunState.RUNNING, 2, 3),
            3,
            AttemptOutcome.FAILED,
            exit1,
            two,
            NOW);

    assertThat(first.reason())
        .isEqualTo("attempt 1 failed (exit code 1); retry 1 of 2 at " + NOW.plusSeconds(60));
    assertThat(first.why().details())
        .containsEntry(Reason.EXIT_CODE, "1")
        .containsEntry(Reason.RETRY_AT, NOW.plusSeconds(60).toString());
    assertThat(last.reason()).isEqualTo("attempt 3 failed (exit code 1); no retries left");
  }

  @Test
  void anAttemptShowsHowItsTaskEndedInTheLaunchersTerms() {
    Reason exited =
        Reason.of(
            ReasonKind.ATTEMPT_TIMED_OUT,
            Reason.ATTEMPT,
            1,
            Reason.TASK,
            "failed",
            Reason.EXIT_CODE,
            143,
            Reason.KILLED_FOR,
            "timeout");

    assertThat(exited.attemptText()).isEqualTo("exited 143 after kill (timeout): exit code 143");
    assertThat(Reason.of(ReasonKind.LAUNCHING, Reason.ATTEMPT, 1).attemptText())
        .isEqualTo("launching");
  }
}
