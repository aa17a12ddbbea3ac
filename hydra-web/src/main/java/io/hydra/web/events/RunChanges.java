package io.hydra.web.events;

import io.hydra.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run state changes as they are committed, for long-polls and event streams. One thread LISTENs on
 * {@code hydra_run_events} (sent by a trigger on {@code run_event}, whoever wrote it: this
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
   * appear after a higher one: ids skipped over are read again for a while (a transaction still
   * open after this long has a bigger problem), at most this many.
   */
  private static final long GAP_NANOS = 30_000_000_000L;

  private static final int MAX_GAPS = 10_000;

  private final Database database;
  private final List<Consumer<RunChange>> subscribers = new CopyOnWriteArrayList<>();

  /** Ids skipped over, with when they were first missed. */
  private final Map<Long, Long> gaps = new LinkedHashMap<>();

  private final Thread thread;
  private volatile boolean running = true;
  private long last;

  public RunChanges(Database database) {
    this.database = database;
    this.last =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("select coalesce(max(id), 0) from run_event")
                        .mapTo(Long.class)
                        .one());
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
    List<RunChange> changes =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select e.id, e.run_id, r.job, e.state, e.reason_kind, e.reason, e.at, "
                                + "e.attempt, r.cause, "
                                + "r.logical_time from run_event e "
                                + "join run r on r.id = e.run_id where e.id > :last or e.id = any(:gaps) "
                                + "order by e.id limit 5000")
                        .bind("last", last)
                        .bind("gaps", gaps.keySet().toArray(new Long[0]))
                        .map(
                            (rs, ctx) ->
                                new RunChange(
                                    rs.getLong("id"),
                                    rs.getLong("run_id"),
                                    rs.getString("job"),
                                    rs.getString("state"),
                                    rs.getString("reason_kind"),
                                    rs.getString("reason"),
                                    rs.getTimestamp("at").toInstant(),
                                    (Integer) rs.getObject("attempt"),
                                    rs.getString("cause"),
                                    rs.getTimestamp("logical_time").toInstant()))
                        .list());
    long now = System.nanoTime();
    gaps.values().removeIf(missedAt -> now - missedAt > GAP_NANOS);
    for (RunChange change : changes) {
      if (change.eventId() > last) {
        for (long id = last + 1; id < change.eventId() && gaps.size() < MAX_GAPS; id++) {
          gaps.put(id, now);
        }
        last = change.eventId();
      } else {
        gaps.remove(change.eventId());
      }
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
