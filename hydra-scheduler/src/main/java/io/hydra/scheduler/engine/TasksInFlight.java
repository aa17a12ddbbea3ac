package io.hydra.scheduler.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many tasks this instance launched in its current leadership term and has not yet taken in an
 * end of. It decides one thing only: whether a report is worth holding for others that may share
 * its commit ({@link ReportApplier}). When no other task is out, none can arrive, and a report held
 * for company only delays what its end releases: a chain of dependent jobs paid that wait at every
 * hop.
 *
 * <p>An estimate, and wrong only on the side of lingering less: tasks adopted from an earlier term
 * are not counted, and an end reported twice is subtracted twice (never below zero).
 */
final class TasksInFlight {

  private final AtomicLong count = new AtomicLong();

  /** Called before the launcher is handed {@code tasks} launches, so no end can come first. */
  void launched(int tasks) {
    count.addAndGet(tasks);
  }

  /** A task reported its end. */
  void ended() {
    count.updateAndGet(c -> Math.max(0, c - 1));
  }

  /** A new term: what the last one launched is reconciled, not counted. */
  void reset() {
    count.set(0);
  }

  boolean any() {
    return count.get() > 0;
  }
}
