package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.Capacity;
import io.hydra.core.run.RunState;
import io.hydra.core.run.Why;
import io.hydra.scheduler.launch.TaskState;
import io.hydra.store.run.Run;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under the launcher's budget, queued runs start by priority, then by a fair share of the budget
 * across owners: one owner's flood of queued runs does not hold back another owner's run by more
 * than the pass in which capacity frees up.
 */
class FairShareDispatchTest extends EngineFixture {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int FLOOD = 150;

  @Test
  void anotherOwnersRunStartsAtTheFirstFreeSlotDespiteAFlood() {
    launcher.capacity(new Capacity(2.0, 65536)); // two tasks at once
    define(
        "name: flood\nowner: data-eng\nconcurrency: allow\ntask: {command: 'sleep 1', resources: {cpus: 1}}\n");
    define("name: report\nowner: web\ntask: {command: 'true', resources: {cpus: 1}}\n");
    launcher.hang("flood");
    for (int i = 0; i < FLOOD; i++) {
      runs.trigger("flood", T0.plusSeconds(60L * i), Map.of());
    }
    settle();
    assertThat(launcher.launchesOf("flood")).isEqualTo(2); // the budget is full

    long report = runs.trigger("report", T0, Map.of()).run().id();
    settle();
    assertThat(run(report).state()).isEqualTo(RunState.QUEUED);
    // Nothing is ahead of it: it waits for capacity only, and starts at the first free slot.
    assertThat(runs.why(report).reasons()).extracting(Why.Reason::kind).containsExactly("capacity");

    // One flood task ends: the freed slot goes to the other owner's run, not the flood's next.
    launcher.end(launcher.launched().get(0).taskId(), TaskState.SUCCEEDED, 0);
    engine.step();
    assertThat(launcher.launched())
        .extracting(r -> r.job())
        .containsExactly("flood", "flood", "report");
  }

  @Test
  void aQueuedFloodRunSaysWhatIsAheadOfIt() {
    launcher.capacity(new Capacity(1.0, 65536));
    define(
        "name: flood\nowner: data-eng\nconcurrency: allow\ntask: {command: 'sleep 1', resources: {cpus: 1}}\n");
    define(
        "name: report\nowner: web\nconcurrency: allow\ntask: {command: 'true', resources: {cpus: 1}}\n");
    launcher.hang("flood");
    launcher.hang("report");
    long first = runs.trigger("flood", T0, Map.of()).run().id();
    awaitState(first, RunState.RUNNING);
    for (int i = 1; i <= 4; i++) {
      runs.trigger("flood", T0.plusSeconds(60L * i), Map.of());
    }
    runs.trigger("report", T0, Map.of());
    runs.trigger("report", T0.plusSeconds(60), Map.of());
    settle();
    Run third = run("flood", T0.plusSeconds(180)).orElseThrow();
    // Order: report (web has none running), flood 1, report 2, flood 2, flood 3...
    assertThat(runs.why(third.id()).reasons().get(1).message())
        .isEqualTo(
            "2 runs of owner data-eng and 2 runs of owner web ahead, fair share 50 % for owner data-eng");
  }

  @Test
  void aHigherPriorityStartsFirstWhateverItsOwner() {
    launcher.capacity(new Capacity(1.0, 65536));
    define("name: blocker\nowner: a\ntask: {command: 'sleep 1', resources: {cpus: 1}}\n");
    define(
        "name: low\nowner: b\nconcurrency: allow\ntask: {command: 'true', resources: {cpus: 1}}\n");
    define(
        "name: urgent\nowner: a\npriority: 10\nconcurrency: allow\ntask: {command: 'true', resources: {cpus: 1}}\n");
    launcher.hang("blocker");
    long blocker = runs.trigger("blocker", T0, Map.of()).run().id();
    awaitState(blocker, RunState.RUNNING);
    long low = runs.trigger("low", T0, Map.of()).run().id();
    long urgent = runs.trigger("urgent", T0, Map.of()).run().id();
    long overridden = runs.trigger("low", T0.plusSeconds(60), Map.of(), 20).run().id();
    settle();
    assertThat(run(urgent).priority()).isEqualTo(10);
    assertThat(run(overridden).priority()).isEqualTo(20);
    assertThat(run(low).priority()).isZero();

    launcher.finishRunning("blocker", TaskState.SUCCEEDED, 0);
    engine.step();
    engine.step();
    // One slot at a time: the trigger's priority 20, then the job's 10, then the rest.
    assertThat(launcher.launched())
        .extracting(r -> r.env().get("HYDRA_RUN_ID"))
        .startsWith(String.valueOf(blocker), String.valueOf(overridden));
    awaitState(low, RunState.SUCCEEDED);
    assertThat(launcher.launched())
        .extracting(r -> r.env().get("HYDRA_RUN_ID"))
        .containsExactly(
            String.valueOf(blocker),
            String.valueOf(overridden),
            String.valueOf(urgent),
            String.valueOf(low));
  }
}
