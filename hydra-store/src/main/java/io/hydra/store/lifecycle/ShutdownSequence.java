package io.hydra.store.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What runs when the JVM stops (SIGTERM, Ctrl-C), in order: first what uses the database (the
 * server: its API, engine and leader lease), then the embedded PostgreSQL.
 *
 * <p>The JVM starts every shutdown hook at once. With one hook for the server and the embedded
 * database library's own for PostgreSQL, PostgreSQL stopped while the engine still wrote: errors in
 * the log, a five-second wait for a connection, and the leader lease left held, so the next start
 * waited for it to lapse before it scheduled anything.
 */
public final class ShutdownSequence {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSequence.class);

  private static final List<Runnable> FIRST = new ArrayList<>();
  private static final List<Runnable> LAST = new ArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ShutdownSequence::run, "hydra-shutdown"));
  }

  private ShutdownSequence() {}

  /** Runs {@code action} at JVM exit, before every {@link #last} action. */
  public static synchronized void first(Runnable action) {
    FIRST.add(action);
  }

  /** Runs {@code action} at JVM exit, after every {@link #first} action has returned. */
  public static synchronized void last(Runnable action) {
    LAST.add(action);
  }

  /** Forgets {@code action}: what it was to stop has been stopped already. */
  public static synchronized void remove(Runnable action) {
    FIRST.remove(action);
    LAST.remove(action);
  }

  private static void run() {
    List<Runnable> actions;
    synchronized (ShutdownSequence.class) {
      actions = new ArrayList<>(FIRST);
      actions.addAll(LAST);
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) { // the rest must still run
        log.warn("A shutdown step failed", e);
      }
    }
  }
}
