package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunState;
import io.hydra.core.run.TaskIds;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A running run's reason says what is true now: launching, then running since when and where. */
class RunningReasonTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private List<String> timeline(long run) {
    return store.read(tx -> tx.runReads().events(run)).stream()
        .map(e -> e.state() + ": " + e.reason())
        .toList();
  }

  @Test
  void aRunningAttemptIsNamedInItsRunsReasonUntilItEnds() {
    launcher.location(new TaskLocation("h1", "/data/tasks", "id-a"));
    define("name: slow\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("slow");
    long run = runs.trigger("slow", T, Map.of()).run().id();
    settle(); // launched, and its RUNNING report applied

    Run running = run(run);
    assertThat(running.state()).isEqualTo(RunState.RUNNING);
    assertThat(running.reasonKind()).isEqualTo(ReasonKind.ATTEMPT_RUNNING);
    assertThat(running.reason()).isEqualTo("attempt 1 running since " + START + " on host h1");

    launcher.finishRunning("slow", TaskState.SUCCEEDED, 0);
    Run ended = awaitState(run, RunState.SUCCEEDED);
    assertThat(ended.reason()).isEqualTo("attempt 1 succeeded");
    assertThat(timeline(run))
        .containsExactly(
            "queued: triggered",
            "running: attempt 1 launching",
            "running: attempt 1 running since " + START + " on host h1",
            "succeeded: attempt 1 succeeded");
  }

  @Test
  void aHostLearntOnlyFromALaterReportIsAddedAndARepeatedReportWritesNothing() {
    define("name: placed\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("placed");
    long run = runs.trigger("placed", T, Map.of()).run().id();
    settle();
    assertThat(run(run).reason()).isEqualTo("attempt 1 running since " + START);

    String task = TaskIds.of("placed", T, 1);
    TaskLocation agent = TaskLocation.mesosAgent("agent-3", "a3.example");
    launcher.send(new TaskStatus(task, TaskState.RUNNING, null, null, Instant.now(), agent));
    launcher.send(new TaskStatus(task, TaskState.RUNNING, null, null, Instant.now(), agent));
    settle();

    assertThat(run(run).reason())
        .isEqualTo("attempt 1 running since " + START + " on host a3.example");
    assertThat(timeline(run))
        .filteredOn(line -> line.contains("running since"))
        .as("one entry per change of what is known")
        .hasSize(2);
  }
}
