package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.scheduler.pipeline.AttentionReport;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The attention list and "re-run every failed node with its downstream": a and b feed c, which
 * feeds d; a fails once, so c and d are upstream-failed. x, unrelated, also fails once.
 */
class AttentionAndFailedRerunsTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");

  private long failedPipeline() {
    define("name: a\ntask: {command: 'true'}\n");
    define("name: b\ntask: {command: 'true'}\n");
    define("name: c\nafter: [a, b]\ntask: {command: 'true'}\n");
    define("name: d\nafter: [c]\ntask: {command: 'true'}\n");
    define("name: x\ntask: {command: 'true'}\n");
    launcher.failFirst("a", 1);
    launcher.failFirst("x", 1);
    long a = runs.trigger("a", T, Map.of()).run().id();
    runs.trigger("b", T, Map.of());
    runs.trigger("x", T, Map.of());
    awaitState("b", T, RunState.SUCCEEDED);
    awaitState("d", T, RunState.UPSTREAM_FAILED);
    awaitState("x", T, RunState.FAILED);
    return a;
  }

  @Test
  void attentionGroupsByPipelineWithTheRootCauseFirstAndWhatItBlocks() {
    failedPipeline();

    AttentionReport report = runs.attention(owner -> true);

    assertThat(report.groups())
        .extracting(AttentionReport.Group::pipeline)
        .containsExactly("a", "x");
    AttentionReport.Group a = report.groups().get(0);
    assertThat(a.logicalTime()).isEqualTo(T);
    assertThat(a.items())
        .extracting(i -> i.job() + ":" + i.state() + ":" + i.rootCause() + ":" + i.blocks())
        .containsExactly(
            "a:failed:true:2", "c:upstream_failed:false:0", "d:upstream_failed:false:0");
    assertThat(report.groups().get(1).items())
        .extracting(AttentionReport.Item::rootCause)
        .containsExactly(true);
    assertThat(runs.attention(owner -> false).groups()).isEmpty();
  }

  @Test
  void aRunningRunPredictedToMissItsDeadlineIsAtRisk() {
    define("name: slow\ndeadline: PT1H\ntask: {command: 'true'}\n");
    Instant t = clock.now();
    for (int d = 1; d <= 3; d++) {
      Instant earlier = t.minus(Duration.ofDays(d));
      long id = runs.trigger("slow", earlier, Map.of()).run().id();
      awaitState(id, RunState.SUCCEEDED);
      store.useTransaction(
          tx ->
              tx.handle()
                  .createUpdate("update run set started_at = :s, ended_at = :e where id = :id")
                  .bind("s", earlier)
                  .bind("e", earlier.plus(Duration.ofHours(2)))
                  .bind("id", id)
                  .execute());
    }
    launcher.hang("slow");
    long id = runs.trigger("slow", t, Map.of()).run().id();
    awaitState(id, RunState.RUNNING);

    AttentionReport.Item item = runs.attention(owner -> true).groups().get(0).items().get(0);

    assertThat(item.runId()).isEqualTo(id);
    assertThat(item.atRisk()).isTrue();
    assertThat(item.rootCause()).isFalse();
    assertThat(item.deadline()).isEqualTo(t.plus(Duration.ofHours(1)));
    assertThat(item.eta()).isAfter(item.deadline());
  }

  @Test
  void rerunFailedPreviewsThenResetsEveryFailedNodeOnceAfterItsUpstreams() {
    long a = failedPipeline();
    long d = run("d", T).orElseThrow().id();

    List<Run> preview = runs.rerunFailedPreview(d);
    assertThat(preview).extracting(Run::job).containsExactly("a", "c", "d");
    assertThat(run(a).state()).as("a preview changes nothing").isEqualTo(RunState.FAILED);

    List<Run> reset = runs.rerunFailed(d, "oncall");

    assertThat(reset).extracting(Run::job).containsExactly("a", "c", "d");
    awaitState("d", T, RunState.SUCCEEDED);
    assertThat(run(a).attempts()).isEqualTo(2);
    assertThat(run("x", T).orElseThrow().state()).as("another pipeline").isEqualTo(RunState.FAILED);
    assertThat(runs.rerunFailedPreview(d)).isEmpty();
    assertThat(runs.rerunFailed(d, "oncall")).isEmpty();
  }
}
