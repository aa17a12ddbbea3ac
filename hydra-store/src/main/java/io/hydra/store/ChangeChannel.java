package io.hydra.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL LISTEN/NOTIFY between Hydra instances sharing one database: a change made on any
 * instance (a trigger, a job edit) wakes the leader at once instead of at its next poll, and a run
 * event written anywhere reaches the event streams at once. A notification is only a hint:
 * everything it refers to is already committed in the tables, and what was notified while no
 * connection listened is made up for by a {@link #RESYNC} once one listens again. One connection
 * and one thread serve every subscriber.
 */
public final class ChangeChannel implements AutoCloseable {

  /** What instances tell each other ({@link #publish}): wakes, job changes. */
  public static final String CHANNEL = "hydra_changes";

  /** Sent by a trigger on {@code run_event} (migration V4) by whoever wrote the rows. */
  public static final String RUN_EVENTS = "hydra_run_events";

  /** Deadline alerts were raised (V13's trigger on {@code deadline_alert}). */
  public static final String ALERTS = "hydra_alerts";

  /**
   * Delivered to {@link #CHANNEL}'s subscribers, as if notified, each time listening starts
   * (again): a change notified while no connection listened is only in the tables, and a subscriber
   * that would otherwise have to poll for it reads them again instead.
   */
  public static final String RESYNC = "resync";

  private static final List<String> CHANNELS = List.of(CHANNEL, RUN_EVENTS, ALERTS);

  private static final Logger log = LoggerFactory.getLogger(ChangeChannel.class);
  private static final int POLL_MILLIS = 500;

  private final Store store;
  private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean running;
  private Thread thread;

  public ChangeChannel(Store store) {
    this.store = store;
    for (String channel : CHANNELS) {
      subscribers.put(channel, new CopyOnWriteArrayList<>());
    }
  }

  /**
   * Calls {@code onPayload}, on the listening thread, with the payload of every notification on
   * {@code channel} ({@link #CHANNEL}, {@link #RUN_EVENTS} or {@link #ALERTS}) from now on until
   * the returned handle closes. It must return quickly: it holds up every other subscriber.
   */
  public AutoCloseable subscribe(String channel, Consumer<String> onPayload) {
    List<Consumer<String>> list = subscribers.get(channel);
    if (list == null) {
      throw new IllegalArgumentException("not a channel Hydra listens on: " + channel);
    }
    list.add(onPayload);
    return () -> list.remove(onPayload);
  }

  /** Tells every listening instance (this one included); failures are logged, never thrown. */
  public static void publish(Store store, String payload) {
    try {
      store.useTransaction(tx -> tx.handle().execute("select pg_notify(?, ?)", CHANNEL, payload));
    } catch (RuntimeException e) {
      warn(store, "Could not notify other instances of '" + payload + "'; they poll", e);
    }
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::listenLoop, "hydra-listen");
    thread.setDaemon(true);
    thread.start();
  }

  /** Listens on one dedicated connection; reconnects after a failure. */
  private void listenLoop() {
    while (running) {
      try (Handle handle = store.jdbi().open()) {
        for (String channel : CHANNELS) {
          handle.execute("listen " + channel);
        }
        PGConnection pg = handle.getConnection().unwrap(PGConnection.class);
        deliver(CHANNEL, RESYNC);
        while (running) {
          PGNotification[] received = pg.getNotifications(POLL_MILLIS);
          if (received != null) {
            for (PGNotification n : received) {
              deliver(n.getName(), n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          warn(store, "Listening for changes failed; reconnecting", e);
          backOff();
        }
      }
    }
  }

  /** A lost hint is no error (the next poll finds the change), but an outage is logged once. */
  private static void warn(Store store, String what, Exception e) {
    if (SqlFailures.isUnreachable(e)) {
      store.outages().failed(log, what, e);
    } else {
      log.warn(what, e);
    }
  }

  private void deliver(String channel, String payload) {
    for (Consumer<String> subscriber : subscribers.getOrDefault(channel, List.of())) {
      try {
        subscriber.accept(payload);
      } catch (RuntimeException e) {
        log.error("Handling change '{}' on {} failed", payload, channel, e);
      }
    }
  }

  private static void backOff() {
    try {
      Thread.sleep(1000); // a background loop pausing after a failure, not synchronisation
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops listening and waits (one poll at most) for the loop to give its connection back, so the
   * pool can close after this without pulling the connection from under it.
   */
  @Override
  public synchronized void close() {
    running = false;
    if (thread == null) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(2L * POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
