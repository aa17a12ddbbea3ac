package io.hydra.web.events;

import io.hydra.store.ChangeChannel;
import io.hydra.store.Store;
import io.hydra.store.run.CommittedEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run state changes as they are committed, for long-polls and event streams. The trigger on {@code
 * run_event} notifies {@link ChangeChannel#RUN_EVENTS} whoever wrote the rows (this instance's
 * engine or another's); the process's one {@link ChangeChannel} passes that hint here, and this
 * class's own thread reads the new rows, so a slow read never holds up the engine's notifications.
 * The read after a quiet {@link #FALLBACK_MS} only covers a notification lost while the channel
 * reconnected.
 */
public final class RunChanges implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunChanges.class);
  private static final int FALLBACK_MS = 5_000;
  private static final int MAX_READ = 5_000;

  /**
   * Ids are taken when rows are inserted but seen when transactions commit, so a lower id can
   * appear after a higher one: ids skipped over are read again for a while (a transaction still
   * open after this long has a bigger problem), at most this many.
   */
  private static final long GAP_NANOS = 30_000_000_000L;

  private static final int MAX_GAPS = 10_000;

  private final Store store;
  private final ChangeChannel channel;
  private final List<Consumer<RunChange>> subscribers = new CopyOnWriteArrayList<>();

  /** Ids skipped over, with when they were first missed. */
  private final Map<Long, Long> gaps = new LinkedHashMap<>();

  /** A permit per notification not yet acted on; many are read at once. */
  private final Semaphore hints = new Semaphore(0);

  private final Thread thread;
  private volatile boolean running = true;
  private AutoCloseable hearing = () -> {};
  private long last;

  public RunChanges(Store store, ChangeChannel channel) {
    this.store = store;
    this.channel = channel;
    this.last = store.read(tx -> tx.runEventFeed().lastId());
    this.thread = new Thread(this::loop, "hydra-run-changes");
    this.thread.setDaemon(true);
  }

  public RunChanges start() {
    hearing = channel.subscribe(ChangeChannel.RUN_EVENTS, payload -> hints.release());
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
      try {
        hints.tryAcquire(FALLBACK_MS, TimeUnit.MILLISECONDS);
        hints.drainPermits(); // one read takes in every change the hints were about
        if (running) {
          publishNew();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("Reading run changes failed; trying again: {}", e.toString());
        pause();
      }
    }
  }

  private void publishNew() {
    List<CommittedEvent> events =
        store.read(tx -> tx.runEventFeed().after(last, gaps.keySet(), MAX_READ));
    long now = System.nanoTime();
    gaps.values().removeIf(missedAt -> now - missedAt > GAP_NANOS);
    for (CommittedEvent event : events) {
      if (event.id() > last) {
        for (long id = last + 1; id < event.id() && gaps.size() < MAX_GAPS; id++) {
          gaps.put(id, now);
        }
        last = event.id();
      } else {
        gaps.remove(event.id());
      }
      publish(RunChange.of(event));
    }
  }

  private void publish(RunChange change) {
    for (Consumer<RunChange> subscriber : subscribers) {
      try {
        subscriber.accept(change);
      } catch (RuntimeException e) {
        log.warn("A run change subscriber failed", e);
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(1_000); // back off from a database that just failed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      hearing.close();
    } catch (Exception e) {
      log.warn("Unsubscribing from run event notifications failed", e);
    }
    hints.release();
    try {
      thread.join(1_000); // a read in flight ends before the pool closes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
