package io.hydra.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;
import org.jdbi.v3.core.ConnectionException;

/** What kind of database failure an exception carries, by its SQLSTATE, anywhere in its causes. */
public final class SqlFailures {

  private SqlFailures() {}

  /**
   * Whether the failure is the database being unreachable (connection refused or lost, the pool
   * timing out waiting for one, the server shutting down): a condition to wait out, not a bug.
   */
  public static boolean isUnreachable(Throwable e) {
    return hasCause(e, SQLTransientConnectionException.class)
        || hasCause(e, ConnectionException.class)
        || hasState(e, state -> state.startsWith("08") || state.startsWith("57P"))
        || hasClosedPoolConnection(e);
  }

  /**
   * HikariCP closes a connection it found broken (SQLSTATE 08) and hands the code that still holds
   * it a stand-in whose every call throws "Connection is closed", with no SQLSTATE: the rollback
   * after a lost connection fails that way, and that failure, not the 08, is what is thrown.
   */
  private static boolean hasClosedPoolConnection(Throwable e) {
    return anyCause(
        e,
        t ->
            t instanceof SQLException sql
                && sql.getSQLState() == null
                && "Connection is closed".equals(sql.getMessage()));
  }

  /** Whether {@code e} or one of its causes is an SQLException whose state matches. */
  public static boolean hasState(Throwable e, Predicate<String> state) {
    return anyCause(
        e,
        t ->
            t instanceof SQLException sql
                && sql.getSQLState() != null
                && state.test(sql.getSQLState()));
  }

  /** Whether {@code e} or one of its causes is of {@code type}. */
  public static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    return anyCause(e, type::isInstance);
  }

  private static boolean anyCause(Throwable e, Predicate<Throwable> test) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (test.test(t)) {
        return true;
      }
    }
    return false;
  }
}
