package io.hydra.store.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.store.Database;
import io.hydra.store.SqlFailures;
import io.hydra.store.Store;
import io.hydra.store.testing.Await;
import io.hydra.store.testing.TestDatabase;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaderLeasesTest {

  private Database db;
  private Store store;

  @BeforeEach
  void open() {
    db = TestDatabase.create();
    store = new Store(db.jdbi());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Optional<LeaderLeases.Lease> take(String holder, Duration ttl) {
    return store.inTransaction(tx -> tx.leases().acquireOrRenew("engine", holder, ttl));
  }

  /** A leader transaction of {@code holder}, left open: it holds the lease row's lock. */
  private Handle fencedTransaction(String holder, long epoch) {
    Handle handle = db.jdbi().open();
    handle.begin();
    assertThat(new LeaderLeases(handle).holds("engine", holder, epoch)).isTrue();
    return handle;
  }

  private boolean holds(String holder, long epoch) {
    return store.inTransaction(tx -> tx.leases().holds("engine", holder, epoch));
  }

  @Test
  void oneHolderAtATimeAndRenewalKeepsTheEpoch() {
    LeaderLeases.Lease a = take("a", Duration.ofMinutes(1)).orElseThrow();
    assertThat(take("b", Duration.ofMinutes(1))).isEmpty();
    LeaderLeases.Lease renewed = take("a", Duration.ofMinutes(1)).orElseThrow();

    assertThat(renewed.epoch()).isEqualTo(a.epoch());
    assertThat(holds("a", a.epoch())).isTrue();
    assertThat(holds("b", a.epoch())).isFalse();
  }

  @Test
  void aLapsedLeaseIsTakenOverWithANewEpochThatFencesTheOldHolder() {
    LeaderLeases.Lease a = take("a", Duration.ofMillis(200)).orElseThrow();
    Await.until(
        "the lease lapses",
        Duration.ofSeconds(10),
        () -> take("b", Duration.ofMinutes(1)).isPresent());

    LeaderLeases.Lease b = store.read(tx -> tx.leases().current("engine")).orElseThrow();
    assertThat(b.holder()).isEqualTo("b");
    assertThat(b.epoch()).isEqualTo(a.epoch() + 1);
    assertThat(holds("a", a.epoch())).isFalse();
    assertThat(take("a", Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void releaseLetsAnotherHolderInAtOnce() {
    LeaderLeases.Lease a = take("a", Duration.ofMinutes(1)).orElseThrow();
    store.useTransaction(tx -> tx.leases().release("engine", "a", a.epoch()));

    assertThat(take("b", Duration.ofMinutes(1))).isPresent();
  }

  @Test
  void aNewLeaderEndsTheOpenLeaderTransactionOfAnotherHolderButNotItsOwn() {
    LeaderLeases.Lease a = take("a", Duration.ofMinutes(1)).orElseThrow();
    // A's leader transaction, left open as by a client that vanished mid-transaction.
    try (Handle stuck = fencedTransaction("a", a.epoch());
        Handle own = db.jdbi().open()) {
      own.begin();
      new LeaderLeases(own).holds("engine", "b", a.epoch());

      int ended = store.read(tx -> tx.leases().endOtherLeadersTransactions("b"));

      assertThat(ended).isEqualTo(1);
      assertThat(own.createQuery("select 1").mapTo(Integer.class).one()).isEqualTo(1);
      Await.until(
          "the stuck session is gone",
          Duration.ofSeconds(10),
          () -> {
            try {
              stuck.createQuery("select 1").mapTo(Integer.class).one();
              return false;
            } catch (RuntimeException e) {
              return true;
            }
          });
      own.rollback();
    }
  }

  @Test
  void aRenewalDoesNotWaitForTheHoldersOwnOpenTransaction() {
    LeaderLeases.Lease a = take("a", Duration.ofMinutes(1)).orElseThrow();
    try (Handle fenced = fencedTransaction("a", a.epoch())) {

      // Under FOR SHARE this waited for the fenced transaction, and failed on its lock timeout.
      assertThat(take("a", Duration.ofMinutes(1)))
          .map(LeaderLeases.Lease::epoch)
          .contains(a.epoch());
      fenced.commit();
    }
  }

  @Test
  void aTakeoverWaitsUntilTheOldHoldersFencedTransactionHasEnded() {
    LeaderLeases.Lease a = take("a", Duration.ofMillis(300)).orElseThrow();
    try (Handle fenced = fencedTransaction("a", a.epoch())) {
      Await.until(
          "the lease lapses",
          Duration.ofSeconds(10),
          () -> store.read(tx -> tx.leases().current("engine")).isEmpty());

      // The takeover cannot lock the row while a's transaction may still commit under epoch 1.
      assertThatThrownBy(() -> take("b", Duration.ofMinutes(1)))
          .satisfies(e -> assertThat(SqlFailures.hasState(e, "55P03"::equals)).isTrue());
      fenced.commit();
    }

    assertThat(take("b", Duration.ofMinutes(1)))
        .map(LeaderLeases.Lease::epoch)
        .contains(a.epoch() + 1);
  }
}
