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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunEventFeedTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  @RegisterExtension static final TestStore DB = new TestStore();

  private static Store store;

  @BeforeAll
  static void open() {
    store = DB.store();
  }

  private static Run create(String job, Instant t) {
    NewRun run =
        new NewRun(
            job, t, 1, RunState.QUEUED, Reason.of(ReasonKind.TRIGGERED), RunCause.MANUAL, Map.of());
    return store.inTransaction(tx -> tx.runWrites().insertIfAbsent(run, NOW)).orElseThrow();
  }

  @Test
  void eventsAfterAnIdComeInIdOrderWithTheirRunsJobAndAtMostTheLimit() {
    long start = store.read(tx -> tx.runEventFeed().lastId());
    Run a = create("feed-a", Instant.parse("2026-01-01T01:00:00Z"));
    Run b = create("feed-b", Instant.parse("2026-01-01T02:00:00Z"));

    List<CommittedEvent> events = store.read(tx -> tx.runEventFeed().after(start, List.of(), 10));

    assertThat(events).extracting(CommittedEvent::runId).containsExactly(a.id(), b.id());
    CommittedEvent first = events.get(0);
    assertThat(first.job()).isEqualTo("feed-a");
    assertThat(first.state()).isEqualTo("queued");
    assertThat(first.reasonKind()).isEqualTo(ReasonKind.TRIGGERED.wireName());
    assertThat(first.cause()).isEqualTo(RunCause.MANUAL.wireName());
    assertThat(first.logicalTime()).isEqualTo(a.logicalTime());
    assertThat(first.at()).isEqualTo(NOW);
    assertThat(first.id()).isGreaterThan(start);
    assertThat(store.<List<CommittedEvent>>read(tx -> tx.runEventFeed().after(start, List.of(), 1)))
        .hasSize(1);
    assertThat(store.<Long>read(tx -> tx.runEventFeed().lastId())).isEqualTo(events.get(1).id());
  }

  @Test
  void idsSkippedEarlierAreReadAgain() {
    create("gap-a", Instant.parse("2026-01-02T01:00:00Z"));
    create("gap-b", Instant.parse("2026-01-02T02:00:00Z"));
    long last = store.read(tx -> tx.runEventFeed().lastId());

    List<CommittedEvent> again =
        store.read(tx -> tx.runEventFeed().after(last, List.of(last - 1), 10));

    assertThat(again).extracting(CommittedEvent::id).containsExactly(last - 1);
    assertThat(again.get(0).job()).isEqualTo("gap-a");
  }
}
