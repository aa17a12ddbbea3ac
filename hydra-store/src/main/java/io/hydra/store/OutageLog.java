package io.hydra.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the failures of Hydra's background loops. The database being unreachable (restarted, the
 * network cut) is one condition however many loops meet it and however often they retry, so it is
 * logged as one WARN when it begins, a reminder each minute while it lasts and an INFO when a
 * transaction succeeds again: a stack trace from every loop at every retry would bury the lines
 * that matter. Any other failure is an ERROR with its stack trace, as before.
 */
public final class OutageLog {

  static final Duration REMINDER_EVERY = Duration.ofMinutes(1);

  private final LongSupplier nanoTime;
  private final Logger log;
  private volatile boolean unreachable;
  private long sinceNanos;
  private long remindedNanos;
  private long failures;

  public OutageLog() {
    this(System::nanoTime, LoggerFactory.getLogger(OutageLog.class));
  }

  /** With a settable time source, and the logger the outage's end is logged on. */
  OutageLog(LongSupplier nanoTime, Logger log) {
    this.nanoTime = nanoTime;
    this.log = log;
  }

  /**
   * Logs {@code e}, which made {@code what} fail (a whole sentence, such as "Engine step 'dispatch'
   * failed; continuing"), on the logger of the loop it happened in.
   */
  public void failed(Logger where, String what, Throwable e) {
    if (!SqlFailures.isUnreachable(e)) {
      where.error(what, e);
      return;
    }
    where.debug(what, e);
    long now = nanoTime.getAsLong();
    synchronized (this) {
      if (!unreachable) {
        unreachable = true;
        sinceNanos = now;
        remindedNanos = now;
        failures = 1;
        where.warn(
            "The database is unreachable ({}); Hydra retries until it is back. First failed: {}",
            reason(e),
            what);
        return;
      }
      failures++;
      if (now - remindedNanos >= REMINDER_EVERY.toNanos()) {
        remindedNanos = now;
        where.warn(
            "The database is still unreachable after {} s ({} failed attempts so far): {}",
            seconds(now - sinceNanos),
            failures,
            reason(e));
      }
    }
  }

  /** Called after a transaction succeeded: ends an outage, if one was logged. */
  public void reached() {
    if (!unreachable) {
      return; // the hot path: one volatile read
    }
    long now = nanoTime.getAsLong();
    synchronized (this) {
      if (unreachable) {
        unreachable = false;
        log.info(
            "The database is reachable again after {} s ({} failed attempts were retried)",
            seconds(now - sinceNanos),
            failures);
      }
    }
  }

  /** Whether an outage is under way: failures were logged and nothing has succeeded since. */
  public boolean unreachable() {
    return unreachable;
  }

  private static long seconds(long nanos) {
    return Duration.ofNanos(nanos).toSeconds();
  }

  /**
   * The message of the innermost SQLException with a SQLSTATE, which names the cause ("Connection
   * to 127.0.0.1:5432 refused"); else of the innermost SQLException (the pool's "Connection is not
   * available"); else of the innermost cause.
   */
  private static String reason(Throwable e) {
    Throwable stated = null;
    Throwable named = null;
    Throwable innermost = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      innermost = t;
      if (t instanceof SQLException sql && sql.getMessage() != null) {
        named = t;
        stated = sql.getSQLState() != null ? t : stated;
      }
    }
    Throwable reason = stated != null ? stated : named != null ? named : innermost;
    return reason.getMessage() != null ? reason.getMessage() : reason.getClass().getSimpleName();
  }
}
