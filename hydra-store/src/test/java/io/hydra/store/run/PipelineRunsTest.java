package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.RunState;
import io.hydra.store.Store;
import io.hydra.store.testing.RunHistory;
import io.hydra.store.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PipelineRunsTest {

  private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static Run create(String job, Instant t, RunState state) {
    return RunHistory.run(store, job, t, state);
  }

  private static void succeeded(String job, Instant t, int minutes) {
    RunHistory.succeeded(store, job, t, Duration.ofMinutes(minutes));
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
