package io.hydra.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.store.testing.TestDatabase;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A transaction aborted to break a deadlock runs again; other failures do not. */
class StoreRetryTest {

  @Test
  void aDeadlockVictimIsRunAgainAndItsFirstTryLeavesNothing() {
    try (Database db = TestDatabase.create()) {
      Store store = new Store(db.jdbi());
      store.useTransaction(tx -> tx.handle().execute("create table t (n int)"));
      AtomicInteger tries = new AtomicInteger();

      int rows =
          store.inTransaction(
              tx -> {
                tx.handle().execute("insert into t values (?)", tries.incrementAndGet());
                if (tries.get() == 1) {
                  throw new IllegalStateException(new SQLException("deadlock detected", "40P01"));
                }
                return tx.handle().createQuery("select count(*) from t").mapTo(Integer.class).one();
              });

      assertThat(tries).hasValue(2);
      assertThat(rows).isEqualTo(1);
    }
  }

  @Test
  void otherFailuresAreNotRetried() {
    try (Database db = TestDatabase.create()) {
      Store store = new Store(db.jdbi());
      AtomicInteger tries = new AtomicInteger();
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tries.incrementAndGet();
                        throw new IllegalStateException(new SQLException("syntax", "42601"));
                      }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(tries).hasValue(1);
    }
  }
}
