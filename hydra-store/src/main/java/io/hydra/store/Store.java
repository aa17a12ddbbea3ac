package io.hydra.store;

import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Hydra's access to PostgreSQL. All work happens in a {@link Tx}, so a state change and its
 * consequences (a run ending and its dependents becoming ready) commit together or not at all.
 */
public final class Store {

  private final Jdbi jdbi;

  public Store(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public <T> T inTransaction(Function<Tx, T> work) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.READ_COMMITTED, handle -> work.apply(new Tx(handle)));
  }

  public void useTransaction(Consumer<Tx> work) {
    inTransaction(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  /** Read-only work; runs in its own short transaction. */
  public <T> T read(Function<Tx, T> work) {
    return jdbi.withHandle(handle -> work.apply(new Tx(handle)));
  }

  public Jdbi jdbi() {
    return jdbi;
  }
}
