package io.hydra.store.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.hydra.store.Store;
import io.hydra.store.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipeline_retry rows: each number once per root and time, one waiting at most. */
class PipelineRetriesTest {

  @RegisterExtension static final TestStore db = new TestStore();

  private static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
  private static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");

  private Store store() {
    return db.store();
  }

  private List<PipelineRetry> of(String root) {
    return store().read(tx -> tx.pipelineRetries().of(root, T));
  }

  private List<PipelineRetry> dueBy(Instant at) {
    return store().read(tx -> tx.pipelineRetries().dueForUpdate(at, 10));
  }

  @Test
  void aNumberIsRecordedOnceAndOneRetryWaitsAtATime() {
    Instant due = NOW.plus(Duration.ofMinutes(10));
    boolean first = store().inTransaction(tx -> tx.pipelineRetries().schedule("r1", T, 1, due, 2));
    boolean again = store().inTransaction(tx -> tx.pipelineRetries().schedule("r1", T, 1, due, 2));
    boolean second = store().inTransaction(tx -> tx.pipelineRetries().schedule("r1", T, 2, due, 2));

    assertThat(first).isTrue();
    assertThat(again).as("the same number").isFalse();
    assertThat(second).as("while retry 1 waits").isFalse();
    assertThat(of("r1"))
        .singleElement()
        .satisfies(r -> assertThat(r.isScheduled()).isTrue())
        .satisfies(r -> assertThat(r.dueAt()).isEqualTo(due));
  }

  @Test
  void aDueRetryIsStartedOnceAndThenNoLongerDue() {
    store().useTransaction(tx -> tx.pipelineRetries().schedule("r2", T, 1, NOW, 1));
    PipelineRetry due =
        dueBy(NOW).stream().filter(r -> r.root().equals("r2")).findFirst().orElseThrow();
    assertThat(dueBy(NOW.minusMillis(1))).noneMatch(r -> r.root().equals("r2"));

    boolean started = store().inTransaction(tx -> tx.pipelineRetries().markStarted(due, NOW, null));
    boolean twice = store().inTransaction(tx -> tx.pipelineRetries().markStarted(due, NOW, "x"));

    assertThat(started).isTrue();
    assertThat(twice).isFalse();
    assertThat(dueBy(NOW)).noneMatch(r -> r.root().equals("r2"));
    PipelineRetry row = of("r2").get(0);
    assertThat(row.startedAt()).isEqualTo(NOW);
    assertThat(row.requestedBy()).isNull();
  }

  @Test
  void anOperatorsRetryTakesTheNextNumberAndADroppedOneFreesItsNumber() {
    store().useTransaction(tx -> tx.pipelineRetries().schedule("r3", T, 1, NOW, 1));
    PipelineRetry waiting = of("r3").get(0);
    store().useTransaction(tx -> tx.pipelineRetries().drop(waiting));
    assertThat(of("r3")).isEmpty();

    boolean byHand =
        store().inTransaction(tx -> tx.pipelineRetries().insertStarted("r3", T, 1, 1, NOW, "al"));
    boolean clash =
        store().inTransaction(tx -> tx.pipelineRetries().insertStarted("r3", T, 1, 1, NOW, "bo"));

    assertThat(byHand).isTrue();
    assertThat(clash).isFalse();
    assertThat(of("r3"))
        .singleElement()
        .satisfies(r -> assertThat(r.requestedBy()).isEqualTo("al"))
        .satisfies(r -> assertThat(r.state()).isEqualTo(PipelineRetry.STARTED));
  }
}
