package io.hydra.store;

import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A record that must commit together with the change it describes, whichever transaction on this
 * thread makes that change. The API attaches a request's audit row here; the first transaction of
 * the request that writes anything also writes the row, so a crash can lose neither one without the
 * other.
 */
public final class SameTransaction {

  private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

  private SameTransaction() {}

  private static final class Pending {
    final Consumer<Tx> write;
    boolean committed;

    Pending(Consumer<Tx> write) {
      this.write = write;
    }
  }

  /** Replaces anything attached earlier on this thread. */
  public static void attach(Consumer<Tx> write) {
    PENDING.set(new Pending(write));
  }

  /** Ends the attachment; true if the record committed with a change. */
  public static boolean detach() {
    Pending pending = PENDING.get();
    PENDING.remove();
    return pending != null && pending.committed;
  }

  /** Runs {@code work} in one transaction that also carries the attached record, if any. */
  public static <T> T carriedBy(Jdbi jdbi, Function<Handle, T> work) {
    boolean[] carried = {false};
    T result =
        // Read committed is the pool's level for every connection (Database), so it is not asked
        // for here: Jdbi would first read the connection's level with a SHOW, a transaction of
        // its own on PostgreSQL, doubling the transactions of a busy engine.
        jdbi.inTransaction(
            handle -> {
              T answer = work.apply(handle);
              carried[0] = writeIn(handle);
              return answer;
            });
    if (carried[0]) {
      committed();
    }
    return result;
  }

  /**
   * Called last in a transaction, before its commit: writes the attached record if this transaction
   * changed something and no earlier one took the record. Returns whether it wrote.
   */
  private static boolean writeIn(Handle handle) {
    Pending pending = PENDING.get();
    if (pending == null || pending.committed || !wroteAnything(handle)) {
      return false;
    }
    pending.write.accept(new Tx(handle));
    return true;
  }

  private static void committed() {
    Pending pending = PENDING.get();
    if (pending != null) {
      pending.committed = true;
    }
  }

  /** PostgreSQL assigns a transaction id at the first write, and not for reads. */
  private static boolean wroteAnything(Handle handle) {
    return handle
        .createQuery("select txid_current_if_assigned() is not null")
        .mapTo(Boolean.class)
        .one();
  }
}
