package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.AttemptState;
import io.hydra.core.run.RunState;
import io.hydra.core.run.TaskIds;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.run.Attempt;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Launcher reports go through the attempt table ({@code AttemptLifecycle}): one it ignores changes
 * no attempt and no run.
 */
class AttemptReportsTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private Attempt attempt(long run, int number) {
    return store.read(tx -> tx.attempts().get(run, number)).orElseThrow();
  }

  @Test
  void lateReportsOfAnEndedAttemptChangeNothing() {
    define("name: quick\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    long run = runs.trigger("quick", T, Map.of()).run().id();
    awaitState(run, RunState.SUCCEEDED);
    Attempt ended = attempt(run, 1);
    String task = TaskIds.of("quick", T, 1);

    Instant at = Instant.now();
    launcher.send(new TaskStatus(task, TaskState.RUNNING, null, null, at));
    launcher.send(new TaskStatus(task, TaskState.FAILED, 1, "late", at));
    launcher.send(new TaskStatus(task, TaskState.NOT_STARTED, null, null, at));
    // Reports are applied in the order they arrive: once a later run has ended, so have these.
    define("name: marker\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    awaitState(runs.trigger("marker", T, Map.of()).run().id(), RunState.SUCCEEDED);

    assertThat(attempt(run, 1)).isEqualTo(ended);
    assertThat(run(run).state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(run(run).attempts()).isEqualTo(1);
  }

  @Test
  void aSecondRunningReportRecordsOnlyWhereTheTaskRuns() {
    define("name: slow\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("slow");
    long run = runs.trigger("slow", T, Map.of()).run().id();
    until(
        "attempt 1 is running",
        () ->
            store
                .read(tx -> tx.attempts().get(run, 1))
                .map(a -> a.state() == AttemptState.RUNNING)
                .orElse(false));
    Attempt running = attempt(run, 1);
    assertThat(running.location()).isNull();

    TaskLocation agent = TaskLocation.mesosAgent("agent-3", "a3.example");
    launcher.send(
        new TaskStatus(
            TaskIds.of("slow", T, 1), TaskState.RUNNING, null, null, Instant.now(), agent));
    until("the agent is recorded", () -> attempt(run, 1).location() != null);

    Attempt located = attempt(run, 1);
    assertThat(located.location()).isEqualTo(new TaskLocation("a3.example", null, "agent-3"));
    assertThat(located.state()).isEqualTo(AttemptState.RUNNING);
    assertThat(located.startedAt()).isEqualTo(running.startedAt());
    assertThat(located.reason()).isEqualTo(running.reason());
  }
}
