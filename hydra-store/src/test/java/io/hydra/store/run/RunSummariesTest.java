package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.Store;
import io.hydra.store.json.JobSpecReader;
import io.hydra.store.testing.TestStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunSummariesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static JobSpec spec(String name) {
    return JobSpecReader.fromYaml("name: " + name + "\ntask: {command: 'true'}\n");
  }

  private static Run create(String job, String t, RunState state) {
    NewRun run =
        new NewRun(
            job,
            Instant.parse(t),
            1,
            state,
            Reason.of(ReasonKind.TRIGGERED),
            RunCause.MANUAL,
            Map.of());
    return store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run, NOW)).orElseThrow();
  }

  @Test
  void runsAreCountedByStateAndEachJobShowsItsNewestRun() {
    store.useTransaction(tx -> tx.jobs().create(spec("one"), "alice", null, NOW));
    store.useTransaction(tx -> tx.jobs().create(spec("two"), "alice", null, NOW));
    store.useTransaction(tx -> tx.jobs().create(spec("never"), "alice", null, NOW));
    create("one", "2026-01-01T01:00:00Z", RunState.QUEUED);
    Run newest = create("one", "2026-01-01T03:00:00Z", RunState.QUEUED);
    create("one", "2026-01-01T02:00:00Z", RunState.WAITING);
    Run onlyRun = create("two", "2026-01-01T01:00:00Z", RunState.QUEUED);

    Map<String, Long> counts = store.read(tx -> tx.runSummaries().countsByState());
    Map<String, RunSummaries.Latest> latest = store.read(tx -> tx.runSummaries().latestByJob());

    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("queued", 3L, "waiting", 1L));
    assertThat(latest)
        .containsOnlyKeys("one", "two")
        .containsEntry("one", new RunSummaries.Latest(newest.id(), "queued", newest.logicalTime()))
        .containsEntry(
            "two", new RunSummaries.Latest(onlyRun.id(), "queued", onlyRun.logicalTime()));
  }
}
