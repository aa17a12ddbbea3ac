package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.core.error.ValidationException;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.backfill.Backfill;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run for every fire time in a range, oldest first, with a parallelism cap, cancellable. */
class BackfillTest extends EngineFixture {

  private static final Instant FROM = Instant.parse("2026-02-01T02:00:00Z");
  private static final Instant TO = Instant.parse("2026-02-05T02:00:00Z");

  private BackfillService backfills() {
    return new BackfillService(store, engine);
  }

  @Test
  void createsARunForEveryFireTimeOldestFirstAtMostParallelismAtOnce() {
    define("name: daily\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("daily");
    runs.trigger("daily", Instant.parse("2026-02-03T02:00:00Z"), Map.of()); // exists already
    awaitLaunches("daily", 1);

    Backfill backfill = backfills().start("daily", FROM, TO, 2, Map.of("mode", "backfill"), "me");
    assertThat(backfill.total()).isEqualTo(5);

    awaitLaunches("daily", 3);
    assertThat(backfills().get(backfill.id()).runs()).containsEntry("running", 2);
    for (int launched = 3; launched < 5; launched++) {
      launcher.finishRunning("daily", TaskState.SUCCEEDED, 0);
      awaitLaunches("daily", launched + 1);
    }
    launcher.finishRunning("daily", TaskState.SUCCEEDED, 0);

    until(
        "the backfill ended",
        () -> backfills().get(backfill.id()).backfill().state().equals(Backfill.SUCCEEDED));
    BackfillService.Progress done = backfills().get(backfill.id());
    assertThat(done.backfill().existing()).isEqualTo(1);
    assertThat(done.runs()).containsExactly(Map.entry("succeeded", 4));
    List<String> order =
        launcher.launched().stream().skip(1).map(r -> r.env().get("HYDRA_LOGICAL_DATE")).toList();
    // Oldest first, two at a time; the two runs started together are launched side by side, so
    // the launcher may see either first.
    assertThat(order.subList(0, 2)).containsExactlyInAnyOrder("2026-02-01", "2026-02-02");
    assertThat(order.subList(2, 4)).containsExactlyInAnyOrder("2026-02-04", "2026-02-05");
    Run one = run("daily", FROM).orElseThrow();
    assertThat(one.cause()).isEqualTo(RunCause.BACKFILL);
    assertThat(one.params()).containsEntry("mode", "backfill");
  }

  @Test
  void cancelSkipsWhatHasNotStartedAndKillsWhatRuns() {
    define("name: daily\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'sleep 100'}\n");
    launcher.hang("daily");
    Backfill backfill = backfills().start("daily", FROM, TO, 1, Map.of(), "me");
    awaitLaunches("daily", 1);

    BackfillService.Progress cancelled = backfills().cancel(backfill.id(), "me");

    assertThat(cancelled.backfill().state()).isEqualTo(Backfill.CANCELLED);
    awaitState("daily", FROM, RunState.KILLED);
    settle();
    // The fire times it had not reached are recorded as skipped, so their dependents move on.
    assertThat(runsOf("daily")).hasSize(5);
    assertThat(runsOf("daily").stream().filter(r -> r.state() == RunState.SKIPPED))
        .hasSize(4)
        .allMatch(r -> r.reason().equals("manual: backfill " + backfill.id() + " cancelled by me"));
    assertThat(launcher.launchesOf("daily")).isEqualTo(1);
  }

  @Test
  void badRangesNameTheField() {
    define("name: daily\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    define("name: child\nafter: [daily]\ntask: {command: 'true'}\n");
    assertThatThrownBy(() -> backfills().start("daily", TO, FROM, 1, Map.of(), "me"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("to"));
    assertThatThrownBy(() -> backfills().start("daily", FROM, TO, 0, Map.of(), "me"))
        .hasMessageContaining("parallelism");
    assertThatThrownBy(() -> backfills().start("child", FROM, TO, 1, Map.of(), "me"))
        .hasMessageContaining("no schedule");
    assertThatThrownBy(
            () ->
                backfills()
                    .start("daily", FROM, Instant.parse("2099-01-01T00:00:00Z"), 1, Map.of(), "me"))
        .hasMessageContaining("more than");
  }
}
