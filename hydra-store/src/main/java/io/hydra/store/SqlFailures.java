package io.hydra.store;

import java.sql.SQLException;
import java.util.function.Predicate;

/** What kind of database failure an exception carries, by its SQLSTATE, anywhere in its causes. */
public final class SqlFailures {

  private SqlFailures() {}

  /** Whether {@code e} or one of its causes is an SQLException whose state matches. */
  public static boolean hasState(Throwable e, Predicate<String> state) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && state.test(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} or one of its causes is of {@code type}. */
  public static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
