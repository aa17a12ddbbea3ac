package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.Database;
import io.hydra.store.Store;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PipelineRunsTest {

  private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
  private static Database db;
  private static Store store;

  @BeforeAll
  static void open() {
    db = TestDatabase.create();
    store = db.store();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static Run create(String job, Instant t, RunState state) {
    NewRun run =
        new NewRun(job, t, 1, state, Reason.of(ReasonKind.TRIGGERED), RunCause.MANUAL, Map.of());
    return store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run, NOW)).orElseThrow();
  }

  /** A run that succeeded after {@code minutes}; written directly, as history. */
  private static void succeeded(String job, Instant t, int minutes) {
    Run r = create(job, t, RunState.QUEUED);
    store.useTransaction(
        tx ->
            tx.handle()
                .createUpdate(
                    "update run set state = 'succeeded', started_at = :s, ended_at = :e "
                        + "where id = :id")
                .bind("s", t)
                .bind("e", t.plus(Duration.ofMinutes(minutes)))
                .bind("id", r.id())
                .execute());
  }

  @Test
  void runsAtOneLogicalTimeAndRecentDurationsNewestFirst() {
    Instant day = Instant.parse("2026-01-01T02:00:00Z");
    for (int d = 0; d < 5; d++) {
      succeeded("p-extract", day.plus(Duration.ofDays(d)), 10 + d);
    }
    create("p-extract", day.plus(Duration.ofDays(5)), RunState.RUNNING);
    create("p-load", day.plus(Duration.ofDays(5)), RunState.WAITING);
    create("p-load", day.plus(Duration.ofDays(4)), RunState.FAILED);

    Map<String, Run> at =
        store.read(
            tx ->
                tx.pipelineRuns()
                    .at(List.of("p-extract", "p-load", "p-none"), day.plus(Duration.ofDays(5))));
    assertThat(at).containsOnlyKeys("p-extract", "p-load");
    assertThat(at.get("p-load").state()).isEqualTo(RunState.WAITING);

    Map<String, List<Duration>> durations =
        store.read(
            tx -> tx.pipelineRuns().recentSuccessDurations(List.of("p-extract", "p-load"), 3));
    assertThat(durations).containsOnlyKeys("p-extract");
    assertThat(durations.get("p-extract"))
        .containsExactly(Duration.ofMinutes(14), Duration.ofMinutes(13), Duration.ofMinutes(12));

    List<Run> unfinished =
        store.read(tx -> tx.pipelineRuns().unfinishedOf(List.of("p-extract", "p-load")));
    assertThat(unfinished).extracting(Run::job).containsExactly("p-extract", "p-load");
  }
}
