package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.backfill.Backfill;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every way a run ends up skipped (missed after downtime, paused, a cancelled backfill) reaches its
 * dependents as an operator's skip does: none is left waiting for an upstream run that nothing will
 * create. Regression tests for two probes that found dependents stranded.
 */
class SkipsReachDependentsTest extends EngineFixture {

  private static final String UP =
      "name: up\nschedule: {cron: '0 * * * *', catchup: latest}\ntask: {command: 'true'}\n";

  @Test
  void firesMissedWhileTheServerWasDownGiveDependentsSkippedRuns() {
    define(UP);
    define("name: down\nafter: [up]\ntask: {command: 'true'}\n");
    engine.close(); // down from 10:30 to 13:30: fires at 11:00 and 12:00 are missed
    clock.set(Instant.parse("2026-03-02T13:30:00Z"));
    startEngine();

    for (String missed : new String[] {"11:00", "12:00"}) {
      Instant t = Instant.parse("2026-03-02T" + missed + ":00Z");
      assertThat(awaitState("up", t, RunState.SKIPPED).reason()).startsWith("missed");
      Run down = awaitState("down", t, RunState.SKIPPED);
      assertThat(down.reason()).isEqualTo("upstream run of 'up' was skipped");
    }
    awaitState("down", Instant.parse("2026-03-02T13:00:00Z"), RunState.SUCCEEDED);
  }

  @Test
  void firesSkippedWhilePausedReachDependentsAndACatchUpMakesThemWaitAgain() {
    define(UP);
    define("name: down\nafter: [up]\ntask: {command: 'true'}\n");
    jobs.setPaused("up", true, "me");
    advanceTo(Instant.parse("2026-03-02T11:00:00Z"));
    Instant t = Instant.parse("2026-03-02T11:00:00Z");
    awaitState("down", t, RunState.SKIPPED);

    jobs.setPaused("up", false, "me"); // catchup: latest runs the 11:00 fire after all

    awaitState("up", t, RunState.SUCCEEDED);
    awaitState("down", t, RunState.SUCCEEDED);
  }

  @Test
  void cancellingABackfillRecordsItsUnreachedFiresSoWaitingDependentsMoveOn() {
    define("name: up\nschedule: {cron: '0 * * * *'}\ntask: {command: 'sleep 100'}\n");
    define("name: side\nschedule: {cron: '0 0 1 1 *'}\ntask: {command: 'true'}\n");
    define("name: down\nafter: [up, side]\ntask: {command: 'true'}\n");
    Instant five = Instant.parse("2026-03-01T05:00:00Z");
    runs.trigger("side", five, Map.of());
    Run waiting = awaitState("down", five, RunState.WAITING);
    assertThat(waiting.reason()).isEqualTo("waiting for upstream run of 'up' to succeed");
    launcher.hang("up");
    BackfillService backfills = new BackfillService(store, engine);
    Backfill backfill =
        backfills.start(
            "up",
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-03-01T06:00:00Z"),
            1,
            Map.of(),
            "me");
    awaitLaunches("up", 1);
    assertThat(whyOf(waiting.id())).contains("backfill " + backfill.id() + " creates it");

    backfills.cancel(backfill.id(), "me");

    Run skippedUp = run("up", five).orElseThrow();
    assertThat(skippedUp.state()).isEqualTo(RunState.SKIPPED);
    assertThat(skippedUp.reason())
        .isEqualTo("manual: backfill " + backfill.id() + " cancelled by me");
    Run down = run("down", five).orElseThrow();
    assertThat(down.state()).isEqualTo(RunState.SKIPPED);
    assertThat(down.reason()).isEqualTo("upstream run of 'up' was skipped");
    awaitState("up", Instant.parse("2026-03-01T00:00:00Z"), RunState.KILLED);
  }

  @Test
  void aCancelledBackfillsQueuedRunIsSkippedAndItsDependentMovesOn() {
    define(
        "name: up\nschedule: {cron: '0 * * * *'}\nconcurrency: queue\n"
            + "task: {command: 'sleep 100'}\n");
    define("name: side\nschedule: {cron: '0 0 1 1 *'}\ntask: {command: 'true'}\n");
    define("name: down\nafter: [up, side]\ntask: {command: 'true'}\n");
    Instant one = Instant.parse("2026-03-01T01:00:00Z");
    runs.trigger("side", one, Map.of());
    awaitState("down", one, RunState.WAITING);
    launcher.hang("up");
    BackfillService backfills = new BackfillService(store, engine);
    Backfill backfill =
        backfills.start(
            "up",
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-03-01T03:00:00Z"),
            3,
            Map.of(),
            "me");
    awaitState("up", one, RunState.QUEUED); // queued behind the running 00:00 run

    backfills.cancel(backfill.id(), "me");

    assertThat(run("up", one).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    assertThat(run("down", one).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    launcher.finishRunning("up", TaskState.KILLED, 137);
  }

  @Test
  void whySaysWhatWillCreateAMissingUpstreamRunOrThatNothingWill() {
    define("name: up\nschedule: {cron: '0 * * * *'}\ntask: {command: 'true'}\n");
    define("name: side\nschedule: {cron: '0 0 1 1 *'}\ntask: {command: 'true'}\n");
    define("name: down\nafter: [up, side]\ntask: {command: 'true'}\n");
    Instant past = Instant.parse("2026-03-01T05:00:00Z");
    Instant coming = Instant.parse("2026-03-02T12:00:00Z");
    runs.trigger("side", past, Map.of());
    Run stranded = awaitState("down", past, RunState.WAITING);
    runs.trigger("side", coming, Map.of()); // after the first ended (concurrency: forbid)
    Run due = awaitState("down", coming, RunState.WAITING);

    assertThat(whyOf(stranded.id()))
        .contains("upstream 'up' has no run for 2026-03-01T05:00:00Z, and nothing will create one")
        .contains("trigger 'up' for 2026-03-01T05:00:00Z, or skip this run or mark it successful");
    assertThat(whyOf(due.id())).contains("the schedule of 'up' fires at 2026-03-02T12:00:00Z");
  }

  private String whyOf(long runId) {
    return runs.why(runId).reasons().stream()
        .map(r -> r.message())
        .collect(java.util.stream.Collectors.joining("\n"));
  }
}
