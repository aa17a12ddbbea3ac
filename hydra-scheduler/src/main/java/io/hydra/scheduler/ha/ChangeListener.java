package io.hydra.scheduler.ha;

import io.hydra.store.Store;
import io.hydra.store.notify.ChangeChannel;
import java.util.function.Consumer;

/** The engine's use of the change channel: what a notification means. */
public final class ChangeListener implements AutoCloseable {

  /** Something to act on now (a trigger, a re-run, a recorded kill). */
  public static final String WAKE = "wake";

  /** Many job definitions changed (an apply): reload them all. */
  public static final String ALL_JOBS = "jobs";

  /** A job definition changed; the payload continues with the job's name. */
  public static final String JOB_PREFIX = "job:";

  private final ChangeChannel channel;

  public ChangeListener(Store store, Consumer<String> onChange) {
    this.channel = new ChangeChannel(store, onChange);
  }

  public static void notify(Store store, String change) {
    ChangeChannel.publish(store, change);
  }

  public void start() {
    channel.start();
  }

  @Override
  public void close() {
    channel.close();
  }
}
