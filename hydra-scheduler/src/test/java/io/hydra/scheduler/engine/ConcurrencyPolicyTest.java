package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/scheduling.md, Concurrency: a new run while another run of the same job is active. */
class ConcurrencyPolicyTest extends EngineFixture {

  private static final Instant T1 = Instant.parse("2026-03-02T01:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-02T02:00:00Z");
  private static final Instant T3 = Instant.parse("2026-03-02T03:00:00Z");

  private void defineHanging(String policy) {
    define(
        "name: slow\nconcurrency: "
            + policy
            + "\nschedule: {cron: '0 * * * *'}\n"
            + "task: {command: 'sleep 100'}\n");
    launcher.hang("slow");
  }

  @Test
  void forbidSkipsTheNewRunNamingTheRule() {
    defineHanging("forbid");
    runs.trigger("slow", T1, Map.of());
    awaitState("slow", T1, RunState.RUNNING);

    Run second = runs.trigger("slow", T2, Map.of()).run();

    assertThat(second.state()).isEqualTo(RunState.SKIPPED);
    assertThat(second.reason()).startsWith("concurrency:").contains("forbid");
    assertThat(runs.why(second.id()).reasons())
        .extracting(Why.Reason::kind)
        .containsExactly("concurrency");
  }

  @Test
  void allowRunsBothAtOnce() {
    defineHanging("allow");
    runs.trigger("slow", T1, Map.of());
    runs.trigger("slow", T2, Map.of());

    awaitState("slow", T1, RunState.RUNNING);
    awaitState("slow", T2, RunState.RUNNING);
    awaitLaunches("slow", 2); // a run is running once committed, then launched
    assertThat(launcher.launchesOf("slow")).isEqualTo(2);
  }

  @Test
  void replaceKillsTheActiveRunThenStarts() {
    defineHanging("replace");
    long first = runs.trigger("slow", T1, Map.of()).run().id();
    awaitState(first, RunState.RUNNING);

    long second = runs.trigger("slow", T2, Map.of()).run().id();

    Run replaced = awaitState(first, RunState.KILLED);
    assertThat(replaced.reason()).contains("replaced by run " + second);
    awaitState(second, RunState.RUNNING);
    awaitLaunches("slow", 2);
    assertThat(launcher.launchesOf("slow")).isEqualTo(2);
  }

  @Test
  void replaceWaitsUntilTheKilledTaskHasEnded() {
    define(
        "name: stubborn\nconcurrency: replace\nschedule: {cron: '0 * * * *'}\n"
            + "task: {command: 'sleep 100'}\n");
    launcher.hang("stubborn");
    launcher.ignoreKills("stubborn");
    long first = runs.trigger("stubborn", T1, Map.of()).run().id();
    awaitState(first, RunState.RUNNING);

    long second = runs.trigger("stubborn", T2, Map.of()).run().id();
    settle(); // the kill is sent and ignored

    assertThat(runs.why(second).reasons())
        .extracting(Why.Reason::kind)
        .containsExactly("concurrency");
    assertThat(run(second).state()).isEqualTo(RunState.QUEUED);
    launcher.finishRunning("stubborn", TaskState.KILLED, 137);
    awaitState(first, RunState.KILLED);
    awaitState(second, RunState.RUNNING);
  }

  @Test
  void queueStartsEachRunWhenThePreviousEndsInOrder() {
    defineHanging("queue");
    long first = runs.trigger("slow", T1, Map.of()).run().id();
    awaitState(first, RunState.RUNNING);
    long third = runs.trigger("slow", T3, Map.of()).run().id();
    long second = runs.trigger("slow", T2, Map.of()).run().id();
    settle();

    Why.Explanation why = runs.why(third);
    assertThat(why.reasons()).extracting(Why.Reason::runId).contains(first, second);
    assertThat(run(second).state()).isEqualTo(RunState.QUEUED);

    launcher.finishRunning("slow", TaskState.SUCCEEDED, 0);
    awaitState(first, RunState.SUCCEEDED);
    awaitState(second, RunState.RUNNING);
    assertThat(run(third).state()).isEqualTo(RunState.QUEUED);

    launcher.finishRunning("slow", TaskState.SUCCEEDED, 0);
    awaitState(second, RunState.SUCCEEDED);
    awaitState(third, RunState.RUNNING);
    awaitLaunches("slow", 3);
    assertThat(launcher.launched())
        .extracting(r -> r.env().get("HYDRA_LOGICAL_TIME"))
        .containsExactly(T1.toString(), T2.toString(), T3.toString());
  }
}
