package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.Store;
import io.hydra.store.testing.TestStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunsTest {

  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static NewRun run(String job, Instant t) {
    return new NewRun(
        job,
        t,
        1,
        RunState.QUEUED,
        Reason.of(ReasonKind.TRIGGERED),
        RunCause.MANUAL,
        Map.of("k", "v"));
  }

  @Test
  void creatingTheSameRunTwiceCreatesItOnce() {
    Instant t = Instant.parse("2026-01-01T02:00:00Z");
    Optional<Run> first =
        store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run("a", t), NOW));
    Optional<Run> second =
        store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run("a", t), NOW));

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    assertThat(first.get().params()).containsEntry("k", "v");
    Optional<Run> found = read(tx -> tx.runReads().find("a", t));
    assertThat(found).contains(first.get());
  }

  @Test
  void concurrentCreatorsOfOneRunProduceExactlyOneRow() throws Exception {
    Instant t = Instant.parse("2026-01-02T02:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<Run>>> results =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  16,
                  () ->
                      store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run("b", t), NOW))));
      long created = 0;
      for (Future<Optional<Run>> r : results) {
        created += r.get().isPresent() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void updatesRecordTheTimeline() {
    Instant t = Instant.parse("2026-01-03T02:00:00Z");
    Run created =
        store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run("c", t), NOW)).orElseThrow();
    Run running =
        new Run(
            created.id(),
            "c",
            t,
            1,
            RunState.RUNNING,
            Reason.of(ReasonKind.LAUNCHING, Reason.ATTEMPT, 1),
            RunCause.MANUAL,
            created.params(),
            0,
            1,
            null,
            created.createdAt(),
            NOW.plusSeconds(1),
            NOW,
            null,
            null,
            0,
            "");
    store.useTransaction(
        tx -> tx.runWrites().updateAll(List.of(new RunWrites.Change(created, running, 1))));

    Run stored = read(tx -> tx.runReads().get(created.id())).orElseThrow();
    assertThat(stored.state()).isEqualTo(RunState.RUNNING);
    List<RunEvent> events = read(tx -> tx.runReads().events(created.id()));
    assertThat(events).extracting(RunEvent::state).containsExactly("queued", "running");
  }

  @Test
  void statesAtReportsOnlyExistingRuns() {
    Instant t = Instant.parse("2026-01-04T02:00:00Z");
    store.useTransaction(tx -> tx.runWrites().insertIfAbsent(run("up1", t), NOW));

    Map<String, RunState> states =
        store.read(tx -> tx.dependencyRuns().statesAt(List.of("up1", "up2"), t));

    assertThat(states).containsExactly(Map.entry("up1", RunState.QUEUED));
  }

  private static <T> T read(java.util.function.Function<io.hydra.store.Tx, T> work) {
    return store.read(work);
  }
}
