package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.launch.Launcher.KnownTask;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.run.Attempt;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine records where each attempt runs and hands it back when it reconciles. */
class AttemptLocationTest extends EngineFixture {

  private static final TaskLocation HERE = new TaskLocation("h1", "/data/a/tasks", "id-a");
  private static final TaskLocation THERE = new TaskLocation("h2", "/data/b/tasks", "id-b");
  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private Attempt attempt(long run, int number) {
    return store.read(tx -> tx.attempts().get(run, number)).orElseThrow();
  }

  @Test
  void anAttemptIsWrittenLaunchingWithTheLaunchersLocationAndReconciledWithIt() {
    launcher.location(HERE);
    define("name: located\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("located");
    long run = runs.trigger("located", T, Map.of()).run().id();
    awaitState(run, RunState.RUNNING);
    settle(); // the task's RUNNING report applied: the attempt is running, no longer launching
    assertThat(attempt(run, 1).location()).isEqualTo(HERE);
    engine.close(); // a crash: attempt 1 stays active

    ScriptedLauncher elsewhere = newLauncher();
    elsewhere.location(THERE);
    elsewhere.answerReconcile("hydra.located." + T.toEpochMilli() + ".1", TaskState.LOST);
    startEngine(elsewhere);

    awaitState(run, RunState.FAILED);
    assertThat(elsewhere.reconciled())
        .as("a local attempt records no hand-over")
        .containsExactly(
            new KnownTask("hydra.located." + T.toEpochMilli() + ".1", false, HERE, false));
    assertThat(attempt(run, 1).location()).as("kept where it ran").isEqualTo(HERE);
  }

  @Test
  void aLocationLearntOnlyWhenTheTaskRunsIsRecordedThen() {
    launcher.placeAt(TaskLocation.mesosAgent("agent-7", "a7.example"));
    define("name: placed\nschedule: {cron: '0 2 * * *'}\ntask: {command: 'true'}\n");
    launcher.hang("placed");
    long run = runs.trigger("placed", T, Map.of()).run().id();

    until(
        "the agent is recorded",
        () ->
            store
                .read(tx -> tx.attempts().get(run, 1))
                .map(a -> a.location() != null)
                .orElse(false));
    assertThat(attempt(run, 1).location())
        .isEqualTo(new TaskLocation("a7.example", null, "agent-7"));
    launcher.finishRunning("placed", TaskState.SUCCEEDED, 0);
    awaitState(run, RunState.SUCCEEDED);
    assertThat(attempt(run, 1).location().id()).isEqualTo("agent-7");
  }
}
