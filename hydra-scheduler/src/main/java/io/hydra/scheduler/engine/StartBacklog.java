package io.hydra.scheduler.engine;

/**
 * Whether the engine loop is in the middle of starting a backlog of due work: a boundary's fires
 * still being written, or a dispatch whose batches keep filling. While it is, {@link ReportApplier}
 * holds launcher reports back for a short while, so the cores go to starting runs on time rather
 * than to recording the ends of runs that already ran. Ends lose nothing by waiting: a report is
 * acknowledged to its launcher only once committed.
 */
final class StartBacklog {

  private volatile boolean pending;

  /** More due work follows what the loop is starting now. */
  void more() {
    pending = true;
  }

  /** The loop has started everything due that it can. */
  void drained() {
    pending = false;
  }

  boolean pending() {
    return pending;
  }
}
