package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.Capacity;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.scheduler.launch.TaskState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs start only while the launcher's cpu and memory budget has room for them. */
class CapacityTest extends EngineFixture {

  private static final Instant T1 = Instant.parse("2026-03-02T01:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-02T02:00:00Z");

  @Test
  void aRunThatDoesNotFitWaitsQueuedAndSaysWhyThenStarts() {
    launcher.capacity(new Capacity(1.0, 4096));
    define(
        "name: big\nconcurrency: allow\nschedule: {cron: '0 * * * *'}\n"
            + "task: {command: 'sleep 100', resources: {cpus: 0.6, mem: 1024}}\n");
    launcher.hang("big");
    long first = runs.trigger("big", T1, Map.of()).run().id();
    awaitState(first, RunState.RUNNING);

    long second = runs.trigger("big", T2, Map.of()).run().id();
    settle();

    assertThat(runs.why(second).reasons())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("capacity");
              assertThat(r.message()).contains("needs 0.60 cpus and 1024 MB").contains("0.40 cpus");
            });
    assertThat(run(second).state()).isEqualTo(RunState.QUEUED);
    awaitLaunches("big", 1);
    assertThat(launcher.launchesOf("big")).isEqualTo(1);

    launcher.finishRunning("big", TaskState.SUCCEEDED, 0);
    awaitState(second, RunState.RUNNING);
  }

  @Test
  void aSmallerRunStartsPastOneThatDoesNotFit() {
    launcher.capacity(new Capacity(1.0, 4096));
    define(
        "name: huge\nschedule: {cron: '0 * * * *'}\n"
            + "task: {command: 'true', resources: {cpus: 2}}\n");
    define(
        "name: small\nschedule: {cron: '0 * * * *'}\n"
            + "task: {command: 'true', resources: {cpus: 0.5}}\n");
    long huge = runs.trigger("huge", T1, Map.of()).run().id();
    long small = runs.trigger("small", T1, Map.of()).run().id();

    awaitState(small, RunState.SUCCEEDED);
    assertThat(run(huge).state()).isEqualTo(RunState.QUEUED);
    assertThat(runs.why(huge).reasons()).extracting(Why.Reason::kind).containsExactly("capacity");
  }
}
