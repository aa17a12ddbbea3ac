package io.hydra.web.events;

import io.hydra.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run state changes as they are committed, for long-polls and event streams. One thread LISTENs
 * on {@code hydra_run_events} (sent by a trigger on {@code run_event}, whoever wrote it: this
 * instance's engine or another's) and then reads the new rows. It blocks in the driver while
 * nothing happens; the periodic read after a quiet {@link #FALLBACK_MS} only covers a lost
 * notification or a reconnect.
 */
public final class RunChanges implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunChanges.class);
  private static final int FALLBACK_MS = 5_000;
  private static final int WAKE_MS = 250;
  /**
   * Ids are taken when rows are inserted but seen when transactions commit, so a lower id can
   * appear after a higher one: each read looks back this far and skips ids already seen.
   */
  private static final long LOOK_BACK = 1_000;
  private static final int REMEMBERED = 20_000;

  private final Database database;
  private final List<Consumer<RunChange>> subscribers = new CopyOnWriteArrayList<>();
  private final Set<Long> seen = new HashSet<>();
  private final ArrayDeque<Long> seenOrder = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long last;
  /** Changes committed before this server started are not news. */
  private final long floor;

  public RunChanges(Database database) {
    this.database = database;
    this.last = database.jdbi().withHandle(h -> h.createQuery(
        "select coalesce(max(id), 0) from run_event").mapTo(Long.class).one());
    this.floor = last;
    this.thread = new Thread(this::loop, "hydra-run-changes");
    this.thread.setDaemon(true);
  }

  public RunChanges start() {
    thread.start();
    return this;
  }

  /** Calls {@code subscriber} with every change from now on until the returned handle closes. */
  public AutoCloseable subscribe(Consumer<RunChange> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  private void loop() {
    while (running) {
      try (Connection connection = database.dataSource().getConnection()) {
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN hydra_run_events");
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        long lastRead = System.nanoTime();
        while (running) {
          // Blocks on the socket until a NOTIFY arrives, or briefly so close() is noticed.
          PGNotification[] notes = pg.getNotifications(WAKE_MS);
          boolean quiet = System.nanoTime() - lastRead > FALLBACK_MS * 1_000_000L;
          if ((notes != null && notes.length > 0) || quiet) {
            publishNew();
            lastRead = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("Run change listener lost its connection; reconnecting: {}", e.toString());
          pause();
        }
      }
    }
  }

  private void publishNew() {
    List<RunChange> changes = database.jdbi().withHandle(h -> h.createQuery(
        "select e.id, e.run_id, r.job, e.state, e.reason, e.at, e.attempt, r.cause, "
            + "r.logical_time from run_event e "
            + "join run r on r.id = e.run_id where e.id > :from order by e.id limit 5000")
        .bind("from", Math.max(floor, last - LOOK_BACK))
        .map((rs, ctx) -> new RunChange(rs.getLong("id"), rs.getLong("run_id"),
            rs.getString("job"), rs.getString("state"), rs.getString("reason"),
            rs.getTimestamp("at").toInstant(), (Integer) rs.getObject("attempt"),
            rs.getString("cause"), rs.getTimestamp("logical_time").toInstant()))
        .list());
    for (RunChange change : changes) {
      if (!seen.add(change.eventId())) {
        continue;
      }
      seenOrder.addLast(change.eventId());
      if (seenOrder.size() > REMEMBERED) {
        seen.remove(seenOrder.removeFirst());
      }
      last = Math.max(last, change.eventId());
      for (Consumer<RunChange> subscriber : subscribers) {
        try {
          subscriber.accept(change);
        } catch (RuntimeException e) {
          log.warn("A run change subscriber failed", e);
        }
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(1_000); // back off before reconnecting to a database that just failed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2 * WAKE_MS); // return its connection before the pool closes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
