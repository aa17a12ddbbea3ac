package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pausing records each fire as skipped (paused); resuming applies the catch-up policy. */
class PauseResumeTest extends EngineFixture {

  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");
  private static final Instant TWELVE = Instant.parse("2026-03-02T12:00:00Z");
  private static final Instant ONE = Instant.parse("2026-03-02T13:00:00Z");

  private void pauseAcrossThreeFires(String catchup) {
    define(
        "name: hourly\nschedule: {cron: '0 * * * *', catchup: "
            + catchup
            + "}\n"
            + "task: {command: 'true'}\n");
    jobs.setPaused("hourly", true, "oncall");
    for (Instant fire : new Instant[] {ELEVEN, TWELVE, ONE}) {
      advanceTo(fire.plusSeconds(1));
      awaitState("hourly", fire, RunState.SKIPPED);
    }
    advanceTo(ONE.plusSeconds(90));
  }

  @Test
  void firesWhilePausedAreRecordedAsSkippedPaused() {
    pauseAcrossThreeFires("latest");

    Run skipped = run("hourly", TWELVE).orElseThrow();
    assertThat(skipped.reason()).startsWith("paused:");
    assertThat(runs.why(skipped.id()).reasons())
        .extracting(Why.Reason::kind)
        .containsExactly("paused");
    assertThat(launcher.launchesOf("hourly")).isZero();
  }

  @Test
  void resumeWithLatestRunsOnlyTheMostRecentSkippedFire() {
    pauseAcrossThreeFires("latest");

    jobs.setPaused("hourly", false, "oncall");

    Run caughtUp = awaitState("hourly", ONE, RunState.SUCCEEDED);
    List<RunEvent> events = store.read(tx -> tx.runReads().events(caughtUp.id()));
    assertThat(events).anySatisfy(e -> assertThat(e.reason()).contains("caught up after resume"));
    assertThat(run("hourly", ELEVEN).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    assertThat(run("hourly", TWELVE).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    assertThat(launcher.launchesOf("hourly")).isEqualTo(1);
  }

  @Test
  void resumeWithAllRunsEverySkippedFire() {
    pauseAcrossThreeFires("all");

    jobs.setPaused("hourly", false, "oncall");

    for (Instant fire : new Instant[] {ELEVEN, TWELVE, ONE}) {
      awaitState("hourly", fire, RunState.SUCCEEDED);
    }
    assertThat(launcher.launchesOf("hourly")).isEqualTo(3);
  }

  @Test
  void resumeWithNoneRunsNothingLate() {
    pauseAcrossThreeFires("none");

    jobs.setPaused("hourly", false, "oncall");
    advanceTo(Instant.parse("2026-03-02T14:00:01Z"));

    awaitState("hourly", Instant.parse("2026-03-02T14:00:00Z"), RunState.SUCCEEDED);
    assertThat(run("hourly", ONE).orElseThrow().state()).isEqualTo(RunState.SKIPPED);
    assertThat(launcher.launchesOf("hourly")).isEqualTo(1);
  }

  @Test
  void aManualTriggerOfAPausedJobWaitsForTheResume() {
    define("name: manual\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    jobs.setPaused("manual", true, "oncall");
    long id = runs.trigger("manual", ELEVEN, Map.of()).run().id();
    settle();

    assertThat(runs.why(id).reasons()).extracting(Why.Reason::kind).containsExactly("paused");
    assertThat(run(id).state()).isEqualTo(RunState.QUEUED);
    jobs.setPaused("manual", false, "oncall");
    awaitState(id, RunState.SUCCEEDED);
  }
}
