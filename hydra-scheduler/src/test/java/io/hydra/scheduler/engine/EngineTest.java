package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine against real PostgreSQL, with a settable clock and a scripted launcher. */
class EngineTest extends EngineFixture {

  @Test
  void aScheduleFiresOnceAtItsTime() {
    define("name: hourly\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n");
    Instant eleven = Instant.parse("2026-03-02T11:00:00Z");
    assertThat(jobs.nextFire("hourly")).contains(eleven);

    advanceTo(eleven.plusMillis(3));
    awaitState("hourly", eleven, RunState.SUCCEEDED);
    advanceTo(eleven.plusMillis(500));
    until(
        "the due time moved on",
        () -> jobs.nextFire("hourly").equals(Optional.of(eleven.plusSeconds(3600))));

    assertThat(runsOf("hourly")).hasSize(1);
    assertThat(launcher.launchesOf("hourly")).isEqualTo(1);
  }

  @Test
  void missedFiresAfterDowntimeAreRecordedAndOnlyTheLatestRuns() {
    define("name: hourly\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n");
    engine.close();
    clock.set(Instant.parse("2026-03-02T14:10:00Z"));
    startEngine();

    Run latest = awaitState("hourly", Instant.parse("2026-03-02T14:00:00Z"), RunState.SUCCEEDED);
    assertThat(latest.reason()).contains("succeeded");
    for (String hour : List.of("11", "12", "13")) {
      Run missed = run("hourly", Instant.parse("2026-03-02T" + hour + ":00:00Z")).orElseThrow();
      assertThat(missed.state()).isEqualTo(RunState.SKIPPED);
      assertThat(missed.reason()).startsWith("missed");
    }
    assertThat(jobs.nextFire("hourly")).contains(Instant.parse("2026-03-02T15:00:00Z"));
  }

  @Test
  void aPipelineRunsInOrderForOneLogicalTime() {
    define("name: extract\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    define("name: transform\nafter: [extract]\ntask: {command: 'true'}\n");
    define("name: load\nafter: [transform]\ntask: {command: 'true'}\n");
    Instant t = Instant.parse("2026-03-02T02:00:00Z");

    runs.trigger("extract", t, Map.of());

    Run load = awaitState("load", t, RunState.SUCCEEDED);
    Run transform = run("transform", t).orElseThrow();
    Run extract = run("extract", t).orElseThrow();
    assertThat(transform.startedAt()).isAfterOrEqualTo(extract.endedAt());
    assertThat(load.startedAt()).isAfterOrEqualTo(transform.endedAt());
    assertThat(launcher.launched())
        .extracting(r -> r.job())
        .containsExactly("extract", "transform", "load");
    assertThat(launcher.launched().get(2).env())
        .containsEntry("HYDRA_LOGICAL_TIME", "2026-03-02T02:00:00Z")
        .containsEntry("HYDRA_JOB", "load");
  }

  @Test
  void failuresAreRetriedThenDownstreamFailsAndARerunReleasesIt() {
    define(
        "name: flaky\nretries: {max: 2, delay: PT10S, backoff: 2.0}\n"
            + "schedule: {cron: '0 2 * * *'}\ntask: {command: 'false'}\n");
    define("name: after-flaky\nafter: [flaky]\ntask: {command: 'true'}\n");
    define("name: last\nafter: [after-flaky]\ntask: {command: 'true'}\n");
    launcher.failFirst("flaky", 3);
    Instant t = Instant.parse("2026-03-02T02:00:00Z");

    runs.trigger("flaky", t, Map.of());
    Run retrying = awaitState("flaky", t, RunState.RETRYING);
    assertThat(retrying.retryAt()).isEqualTo(START.plusSeconds(10));
    advanceTo(clock.now().plus(Duration.ofSeconds(10)));
    until(
        "second retry is scheduled",
        () ->
            run("flaky", t)
                .map(r -> r.failures() == 2 && r.state() == RunState.RETRYING)
                .orElse(false));
    assertThat(run("flaky", t).orElseThrow().retryAt()).isEqualTo(clock.now().plusSeconds(20));
    advanceTo(clock.now().plus(Duration.ofSeconds(20)));

    Run failed = awaitState("flaky", t, RunState.FAILED);
    assertThat(failed.attempts()).isEqualTo(3);
    awaitState("after-flaky", t, RunState.UPSTREAM_FAILED);
    awaitState("last", t, RunState.UPSTREAM_FAILED);
    assertThat(launcher.launchesOf("after-flaky")).isZero();

    launcher.succeed("flaky");
    runs.rerun(failed.id(), null, false, "oncall");

    awaitState("last", t, RunState.SUCCEEDED);
    assertThat(run("flaky", t).orElseThrow().attempts()).isEqualTo(4);
    assertThat(launcher.launchesOf("after-flaky")).isEqualTo(1);
  }

  @Test
  void anAttemptPastItsTimeoutIsKilledAndRetried() {
    define(
        "name: slow\ntimeout: PT5M\nretries: {max: 1, delay: PT1S}\n"
            + "schedule: {cron: '0 2 * * *'}\ntask: {command: 'sleep 1000'}\n");
    launcher.hang("slow");
    Instant t = Instant.parse("2026-03-02T02:00:00Z");
    runs.trigger("slow", t, Map.of());
    awaitState("slow", t, RunState.RUNNING);

    advanceTo(clock.now().plus(Duration.ofMinutes(5)));

    Run retrying = awaitState("slow", t, RunState.RETRYING);
    assertThat(retrying.reason()).contains("timed out");
    Attempt first = store.read(tx -> tx.attempts().get(retrying.id(), 1)).orElseThrow();
    assertThat(first.state()).isEqualTo(AttemptState.FAILED);
    assertThat(first.killReason()).isEqualTo("timeout");
  }

  @Test
  void anAttemptRecordedButNeverLaunchedIsReconciledNotRepeated() {
    define("name: crashy\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("crashy");
    Instant t = Instant.parse("2026-03-02T02:00:00Z");
    runs.trigger("crashy", t, Map.of());
    awaitState("crashy", t, RunState.RUNNING);
    engine.close(); // the "crash": attempt 1 is recorded as launching/running

    String task1 = "hydra.crashy." + t.toEpochMilli() + ".1";
    ScriptedLauncher restarted = newLauncher();
    restarted.answerReconcile(task1, TaskState.SUCCEEDED);
    startEngine(restarted);

    Run done = awaitState("crashy", t, RunState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(restarted.launchesOf("crashy")).isZero();
  }

  @Test
  void aTaskThatNeverStartedIsStartedAgainAsANewAttempt() {
    define("name: never\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("never");
    Instant t = Instant.parse("2026-03-02T02:00:00Z");
    runs.trigger("never", t, Map.of());
    awaitState("never", t, RunState.RUNNING);
    engine.close();

    ScriptedLauncher restarted = newLauncher(); // knows no task: answers NOT_STARTED
    startEngine(restarted);

    Run done = awaitState("never", t, RunState.SUCCEEDED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.failures()).isZero();
    assertThat(restarted.launched())
        .extracting(r -> r.taskId())
        .containsExactly("hydra.never." + t.toEpochMilli() + ".2");
  }

  @Test
  void forbidSkipsAFireWhileAnotherRunIsActive() {
    define("name: single\nschedule: {cron: '0 * * * *'}\ntask: {command: 'sleep 1000'}\n");
    launcher.hang("single");
    Instant eleven = Instant.parse("2026-03-02T11:00:00Z");
    Instant twelve = Instant.parse("2026-03-02T12:00:00Z");
    advanceTo(eleven);
    awaitState("single", eleven, RunState.RUNNING);

    advanceTo(twelve);

    Run skipped = awaitState("single", twelve, RunState.SKIPPED);
    assertThat(skipped.reason()).contains("concurrency");
  }

  @Test
  void aTriggerOfAnExistingLogicalTimeReturnsTheSameRun() {
    define("name: once\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    Instant t = Instant.parse("2026-03-02T02:00:00Z");

    RunService.Triggered first = runs.trigger("once", t, Map.of("a", "1"));
    RunService.Triggered again = runs.trigger("once", t, Map.of("a", "2"));

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.run().id()).isEqualTo(first.run().id());
    awaitState("once", t, RunState.SUCCEEDED);
    assertThat(launcher.launchesOf("once")).isEqualTo(1);
    assertThat(launcher.launched().get(0).env()).containsEntry("HYDRA_PARAM_A", "1");
  }
}
