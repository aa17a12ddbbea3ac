package io.hydra.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hydra.store.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An attached record commits with the first transaction that writes, and only with it. */
class SameTransactionTest {

  @AfterEach
  void detach() {
    SameTransaction.detach();
  }

  private static List<String> notes(Store store) {
    return store.read(
        tx ->
            tx.handle()
                .createQuery("select text from note order by text")
                .mapTo(String.class)
                .list());
  }

  private static Store storeWithTables(Database db) {
    Store store = new Store(db.jdbi());
    store.useTransaction(
        tx -> tx.handle().execute("create table note (text text); create table change (n int)"));
    return store;
  }

  @Test
  void theRecordSkipsReadsAndRidesTheFirstWrite() {
    try (Database db = TestDatabase.create()) {
      Store store = storeWithTables(db);
      SameTransaction.attach(tx -> tx.handle().execute("insert into note values ('audit')"));

      store.inTransaction(
          tx -> tx.handle().createQuery("select count(*) from change").mapTo(Integer.class).one());
      assertThat(notes(store)).as("a read-only transaction carries nothing").isEmpty();

      store.useTransaction(tx -> tx.handle().execute("insert into change values (1)"));
      store.useTransaction(tx -> tx.handle().execute("insert into change values (2)"));

      assertThat(notes(store)).as("written once, with the first change").containsExactly("audit");
      assertThat(SameTransaction.detach()).isTrue();
    }
  }

  @Test
  void aRolledBackChangeTakesTheRecordWithIt() {
    try (Database db = TestDatabase.create()) {
      Store store = storeWithTables(db);
      SameTransaction.attach(tx -> tx.handle().execute("insert into note values ('audit')"));

      assertThatThrownBy(
              () ->
                  store.useTransaction(
                      tx -> {
                        tx.handle().execute("insert into change values (1)");
                        throw new IllegalStateException("the change fails after writing");
                      }))
          .isInstanceOf(IllegalStateException.class);

      assertThat(notes(store)).isEmpty();
      assertThat(SameTransaction.detach()).as("nothing committed").isFalse();
    }
  }

  @Test
  void afterAFailedTryTheNextWriteStillCarriesTheRecord() {
    try (Database db = TestDatabase.create()) {
      Store store = storeWithTables(db);
      SameTransaction.attach(tx -> tx.handle().execute("insert into note values ('audit')"));
      assertThatThrownBy(
              () ->
                  store.useTransaction(
                      tx -> {
                        tx.handle().execute("insert into change values (1)");
                        throw new IllegalStateException("first try fails");
                      }))
          .isInstanceOf(IllegalStateException.class);

      store.useTransaction(tx -> tx.handle().execute("insert into change values (2)"));

      assertThat(notes(store)).containsExactly("audit");
    }
  }

  @Test
  void withoutAnAttachmentTransactionsWriteOnlyTheirOwnWork() {
    try (Database db = TestDatabase.create()) {
      Store store = storeWithTables(db);
      store.useTransaction(tx -> tx.handle().execute("insert into change values (1)"));
      assertThat(notes(store)).isEmpty();
      assertThat(SameTransaction.detach()).isFalse();
    }
  }

  @Test
  void standaloneWorkNeverCarriesTheRecord() {
    try (Database db = TestDatabase.create()) {
      Store store = storeWithTables(db);
      SameTransaction.attach(tx -> tx.handle().execute("insert into note values ('audit')"));

      store.useStandalone(tx -> tx.handle().execute("insert into change values (1)"));

      assertThat(notes(store)).as("bookkeeping is not the change").isEmpty();
      assertThat(SameTransaction.detach()).isFalse();
      assertThat(store.answers(2)).isTrue();
    }
  }
}
