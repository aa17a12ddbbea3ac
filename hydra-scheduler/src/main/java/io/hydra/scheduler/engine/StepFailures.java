package io.hydra.scheduler.engine;

import io.hydra.scheduler.ha.NotLeaderException;
import io.hydra.store.OutageLog;
import io.hydra.store.SqlFailures;
import java.util.function.IntSupplier;
import org.slf4j.Logger;

/**
 * How the engine's loops log a failed step. Two failures are conditions, not bugs, and are told
 * once where they are noticed rather than by every step they stop: this instance no longer leading
 * ({@code Leadership} logs the lost lease) and the database being unreachable ({@link OutageLog}).
 * Anything else is an ERROR with its stack trace.
 */
final class StepFailures {

  private StepFailures() {}

  static void log(OutageLog outages, Logger log, String what, RuntimeException e) {
    if (notLeading(e)) {
      log.debug("{}: this instance no longer leads", what, e);
    } else {
      outages.failed(log, what, e);
    }
  }

  /** Runs one step; returns what it reports having done, or 0 when it failed (logged). */
  static int run(OutageLog outages, Logger log, String step, IntSupplier work) {
    try {
      return work.getAsInt();
    } catch (RuntimeException e) {
      log(outages, log, step + " failed; continuing", e);
      return 0;
    }
  }

  /** Whether trying the parts of a failed batch one by one would only fail the same way. */
  static boolean notAboutTheBatch(RuntimeException e) {
    return notLeading(e) || SqlFailures.isUnreachable(e);
  }

  private static boolean notLeading(Throwable e) {
    return SqlFailures.hasCause(e, NotLeaderException.class);
  }
}
