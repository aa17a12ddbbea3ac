package io.hydra.scheduler.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.scheduler.pipeline.PipelineView;
import io.hydra.scheduler.pipeline.Pipelines;
import io.hydra.store.run.NewRun;
import io.hydra.store.run.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run's pipeline at its logical time: extract -> transform -> load, where transform and load have
 * no schedule of their own, so they have no run until extract ends.
 */
class PipelineViewTest extends EngineFixture {

  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  private void pipeline() {
    define("name: extract\ntask: {command: 'true'}\n");
    define("name: transform\nafter: [extract]\ntask: {command: 'true'}\n");
    define("name: load\nafter: [transform]\ndeadline: PT3H\ntask: {command: 'true'}\n");
  }

  /** Five earlier days of history: each job took {@code minutes}. */
  private void history(String job, int minutes) {
    for (int d = 1; d <= 5; d++) {
      Instant t = T.minus(Duration.ofDays(d));
      NewRun r =
          new NewRun(
              job,
              t,
              1,
              RunState.QUEUED,
              Reason.of(ReasonKind.TRIGGERED),
              RunCause.MANUAL,
              Map.of());
      Run run = store.inTransaction(tx -> tx.runWrites().insertIfAbsent(r, t)).orElseThrow();
      store.useTransaction(
          tx ->
              tx.handle()
                  .createUpdate(
                      "update run set state = 'succeeded', started_at = :s, ended_at = :e where id = :id")
                  .bind("s", t)
                  .bind("e", t.plus(Duration.ofMinutes(minutes)))
                  .bind("id", run.id())
                  .execute());
    }
  }

  @Test
  void pendingNodesSayWhatTheyWaitForAndTheDeadlineIsAtRiskBeforeTheUpstreamEnds() {
    pipeline();
    history("extract", 120);
    history("transform", 60);
    history("load", 30);
    launcher.hang("extract");
    Run extract = runs.trigger("extract", T, Map.of()).run();
    awaitState(extract.id(), RunState.RUNNING);

    PipelineView view = new Pipelines(store, engine.catalog()::graph, clock).of(extract.id());

    assertThat(view.logicalTime()).isEqualTo(T);
    assertThat(view.nodes())
        .extracting(PipelineView.Node::job)
        .containsExactly("extract", "load", "transform");
    assertThat(view.edges())
        .containsExactly(
            new PipelineView.Edge("extract", "transform", "same_time"),
            new PipelineView.Edge("transform", "load", "same_time"));
    PipelineView.Node transform = view.node("transform");
    assertThat(transform.state()).isEqualTo("pending");
    assertThat(transform.runId()).isNull();
    assertThat(transform.reason()).isEqualTo("waits for extract, running since 10:30:00 UTC");
    assertThat(view.node("load").reason()).isEqualTo("waits for transform, which has no run yet");

    Instant started = view.node("extract").startedAt();
    assertThat(view.node("extract").eta()).isEqualTo(started.plus(Duration.ofHours(2)));
    assertThat(transform.eta()).isEqualTo(started.plus(Duration.ofHours(3)));
    PipelineView.Node load = view.node("load");
    assertThat(load.eta()).isEqualTo(started.plus(Duration.ofMinutes(210)));
    assertThat(load.deadline()).isEqualTo(T.plus(Duration.ofHours(3)));
    assertThat(load.atRisk())
        .as("predicted 14:00 against 13:00, while extract still runs")
        .isTrue();
    assertThat(transform.atRisk()).as("no deadline of its own").isFalse();
  }

  @Test
  void aJobWithoutHistoryMakesItsDownstreamEtaALowerBound() {
    pipeline();
    history("transform", 60);
    launcher.hang("extract");
    Run extract = runs.trigger("extract", T, Map.of()).run();
    awaitState(extract.id(), RunState.RUNNING);

    PipelineView view = new Pipelines(store, engine.catalog()::graph, clock).of(extract.id());

    assertThat(view.node("extract").etaLowerBound()).isTrue();
    assertThat(view.node("load").etaLowerBound()).isTrue();
    assertThat(view.node("transform").eta()).isEqualTo(clock.now().plus(Duration.ofHours(1)));
  }
}
