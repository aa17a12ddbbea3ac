package io.hydra.scheduler.ha;

import io.hydra.store.ChangeChannel;
import io.hydra.store.Store;
import java.util.function.Consumer;

/** The engine's use of the change channel: what a notification means. */
public final class ChangeListener implements AutoCloseable {

  /** Something to act on now (a trigger, a re-run, a recorded kill). */
  public static final String WAKE = "wake";

  /** Many job definitions changed (an apply): reload them all. */
  public static final String ALL_JOBS = "jobs";

  /** A calendar changed: reload the calendars. */
  public static final String CALENDARS = "calendars";

  /** A job definition changed; the payload continues with the job's name. */
  public static final String JOB_PREFIX = "job:";

  private final ChangeChannel channel;
  private final Consumer<String> onChange;
  private AutoCloseable subscription;

  /** Hears {@link ChangeChannel#CHANNEL} on {@code channel}, which others may share. */
  public ChangeListener(ChangeChannel channel, Consumer<String> onChange) {
    this.channel = channel;
    this.onChange = onChange;
  }

  public static void notify(Store store, String change) {
    ChangeChannel.publish(store, change);
  }

  public synchronized void start() {
    subscription = channel.subscribe(ChangeChannel.CHANNEL, onChange);
  }

  @Override
  public synchronized void close() {
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        throw new IllegalStateException("a subscription's close throws nothing", e);
      }
    }
  }
}
