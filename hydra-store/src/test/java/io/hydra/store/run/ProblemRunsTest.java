package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.Store;
import io.hydra.store.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProblemRunsTest {

  private static final Instant NOW = Instant.parse("2026-02-10T12:00:00Z");
  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  /** A run in {@code state} that ended at {@code ended}; written directly, as history. */
  private static void ended(String job, Instant t, RunState state, Instant ended) {
    NewRun run =
        new NewRun(
            job, t, 1, RunState.QUEUED, Reason.of(ReasonKind.TRIGGERED), RunCause.MANUAL, Map.of());
    long id = store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run, NOW)).orElseThrow().id();
    store.useTransaction(
        tx ->
            tx.handle()
                .createUpdate("update run set state = :s, ended_at = :e where id = :id")
                .bind("s", state.wireName())
                .bind("e", ended)
                .bind("id", id)
                .execute());
  }

  @Test
  void problemRunsEndedSinceNewestLogicalTimeFirstAndBounded() {
    Instant today = Instant.parse("2026-02-10T02:00:00Z");
    Instant yesterday = today.minus(Duration.ofDays(1));
    Instant since = NOW.minus(Duration.ofHours(24));
    ended("q-extract", yesterday, RunState.FAILED, since.plusSeconds(60));
    ended("q-load", yesterday, RunState.UPSTREAM_FAILED, since.plusSeconds(61));
    ended("q-extract", today, RunState.KILLED, NOW.minusSeconds(60));
    ended("q-old", yesterday.minus(Duration.ofDays(1)), RunState.FAILED, since.minusSeconds(1));
    ended("q-fine", today, RunState.SUCCEEDED, NOW.minusSeconds(30));
    ended("q-skipped", today, RunState.SKIPPED, NOW.minusSeconds(30));

    List<Run> found = store.read(tx -> tx.problemRuns().endedSince(since, 10));
    assertThat(found)
        .extracting(r -> r.job() + "@" + r.state().wireName())
        .containsExactly("q-extract@killed", "q-extract@failed", "q-load@upstream_failed");

    List<Run> one = store.read(tx -> tx.problemRuns().endedSince(since, 1));
    assertThat(one).hasSize(1);
  }
}
