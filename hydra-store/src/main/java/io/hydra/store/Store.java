package io.hydra.store;

import java.sql.SQLException;
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
  private final Consumer<Tx> guard;
  private final OutageLog outages;

  public Store(Jdbi jdbi) {
    this(jdbi, tx -> {}, new OutageLog());
  }

  private Store(Jdbi jdbi, Consumer<Tx> guard, OutageLog outages) {
    this.jdbi = jdbi;
    this.guard = guard;
    this.outages = outages;
  }

  /**
   * The same store, but every transaction first runs {@code guard}, which may throw to abort it.
   * The engine uses this for fencing: each of its writes first checks, and locks, its lease.
   */
  public Store guardedBy(Consumer<Tx> check) {
    return new Store(jdbi, check, outages);
  }

  /**
   * Runs {@code work} in one transaction. A transaction PostgreSQL aborts to break a deadlock (two
   * writers locking the same run and attempt in opposite orders: an operator's kill and a status
   * report) is rolled back completely, so it is simply run again, a few times at most. A record
   * attached to this thread with {@link SameTransaction} commits with the first transaction that
   * writes.
   */
  public <T> T inTransaction(Function<Tx, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        T result =
            SameTransaction.carriedBy(
                jdbi,
                handle -> {
                  Tx tx = new Tx(handle);
                  guard.accept(tx);
                  return work.apply(tx);
                });
        outages.reached();
        return result;
      } catch (RuntimeException e) {
        if (attempt >= MAX_ATTEMPTS || !isDeadlock(e)) {
          throw e;
        }
      }
    }
  }

  private static final int MAX_ATTEMPTS = 4;

  /** Deadlock detected (40P01) or serialization failure (40001): safe to run again. */
  static boolean isDeadlock(Throwable e) {
    return SqlFailures.hasState(e, state -> state.equals("40P01") || state.equals("40001"));
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
    T result = jdbi.withHandle(handle -> work.apply(new Tx(handle)));
    outages.reached();
    return result;
  }

  /**
   * Read-only work that sees one snapshot of the database throughout (repeatable read), however
   * many queries it makes.
   */
  public <T> T readSnapshot(Function<Tx, T> work) {
    T result =
        jdbi.inTransaction(
            TransactionIsolationLevel.REPEATABLE_READ, handle -> work.apply(new Tx(handle)));
    outages.reached();
    return result;
  }

  /**
   * Work whose statements each commit at once (autocommit), in no transaction of Store's: a record
   * attached with {@link SameTransaction} is never written here. For bookkeeping that is not the
   * change a request makes (an idempotency claim, a webhook delivery, the answer added to an audit
   * row), which must not carry the request's audit row.
   */
  public <T> T standalone(Function<Tx, T> work) {
    T result = jdbi.withHandle(handle -> work.apply(new Tx(handle)));
    outages.reached();
    return result;
  }

  /** {@link #standalone} work that returns nothing. */
  public void useStandalone(Consumer<Tx> work) {
    standalone(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  /** Whether the database gives a working connection within the pool's timeout. */
  public boolean answers(int validSeconds) {
    try {
      return jdbi.withHandle(handle -> handle.getConnection().isValid(validSeconds));
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Where background loops log their failures, so that the database being unreachable is logged
   * once for all of them (this store and every store {@link #guardedBy guarded} from it).
   */
  public OutageLog outages() {
    return outages;
  }
}
