package io.hydra.scheduler.engine;

import io.hydra.scheduler.launch.TaskState;
import io.hydra.scheduler.launch.TaskStatus;
import io.hydra.store.OutageLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what launchers report on a thread of its own, so that recording ends (a transaction on
 * its own connection) and dispatching the next runs (the engine loop's) proceed side by side
 * instead of one after the other. Reports are applied in the order they arrived, in batches, and
 * only while this instance leads: a report taken in while following waits for the next term.
 *
 * <p>Running beside the loop is safe because both write through the fenced store, and their rows do
 * not meet: the loop claims queued runs ({@code skip locked}) and creates attempts, this applies
 * reports to attempts that were committed before they were launched, and the runs they drive.
 */
final class ReportApplier implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReportApplier.class);

  private final StatusHandler statuses;
  private final BooleanSupplier leads;
  private final Runnable runsEnded;
  private final int batchSize;
  private final Duration idlePoll;
  private final BooleanSupplier startsPending;
  private final OutageLog outages;

  /**
   * The longest a report is held back while the loop starts due work ({@link StartBacklog}): the
   * ends of a busy boundary are recorded at least this often, and a run's end is never held for
   * long by a backlog that takes seconds to start.
   */
  static final Duration MAX_HOLD = Duration.ofMillis(250);

  /**
   * How long a report that arrives while reports are streaming in waits for others to share its
   * commit. Real processes end a few at a time, not in the thousands an in-process launcher ends at
   * once: applied as they came, each cost a commit, and with the dispatch each end wakes, real
   * processes cost the database several commits per run (issue 23). A report after a quiet spell
   * goes at once, so a lone run's end (a DAG's next hop) is not delayed.
   */
  static final Duration LINGER = Duration.ofMillis(40);

  /** Reports count as streaming in when the last batch was applied at most this long ago. */
  private static final Duration STREAMING = Duration.ofMillis(200);

  /** When the last batch was applied ({@link System#nanoTime}); long ago at first. */
  private long lastAppliedNanos = System.nanoTime() - STREAMING.toNanos();

  /** How often a held-back batch looks again whether the loop has started its backlog. */
  private static final long HOLD_POLL_MS = 2;

  /** When the oldest report in {@link #held} was taken in ({@link System#nanoTime}). */
  private long oldestHeldNanos;

  /** Whether the last pass held reports back for the loop, rather than after a failure. */
  private boolean holdingForStarts;

  private final BlockingQueue<TaskStatus> inbox = new LinkedBlockingQueue<>();

  /** Taken from the inbox but not yet applied (not leading, or the database failed). */
  private final List<TaskStatus> held = new ArrayList<>();

  /** The size of {@link #held} as the loop last saw it, for tests and monitoring. */
  private volatile int heldCount;

  private volatile boolean running;
  private Thread thread;

  /**
   * @param runsEnded called after a batch that ended runs was committed: what they release may now
   *     be dispatched
   * @param startsPending whether the engine loop is starting a backlog of due work, which comes
   *     first (for at most {@link #MAX_HOLD})
   */
  ReportApplier(
      StatusHandler statuses,
      BooleanSupplier leads,
      Runnable runsEnded,
      int batchSize,
      Duration idlePoll,
      BooleanSupplier startsPending,
      OutageLog outages) {
    this.startsPending = startsPending;
    this.outages = outages;
    this.statuses = statuses;
    this.leads = leads;
    this.runsEnded = runsEnded;
    this.batchSize = batchSize;
    this.idlePoll = idlePoll;
  }

  /** Called by launchers from any thread. */
  void report(TaskStatus status) {
    inbox.add(status);
  }

  synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "hydra-reports");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        awaitReports();
        holdingForStarts = !held.isEmpty() && holdForStarts();
        if (!held.isEmpty() && !holdingForStarts && leads.getAsBoolean()) {
          applyHeld();
        }
        heldCount = held.size();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        StepFailures.log(outages, log, "Applying task reports failed; continuing", e);
      }
    }
  }

  /**
   * Waits for reports; while holding some that could not be applied (not leading, the database
   * away), first backs off for an idle poll, so a failing database is not retried in a tight loop.
   */
  private void awaitReports() throws InterruptedException {
    boolean wasEmpty = held.isEmpty();
    if (wasEmpty) {
      TaskStatus first = inbox.poll(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
      if (first != null) {
        held.add(first);
      }
    } else if (holdingForStarts) {
      TaskStatus next = inbox.poll(HOLD_POLL_MS, TimeUnit.MILLISECONDS);
      if (next != null) {
        held.add(next);
      }
    } else {
      Thread.sleep(idlePoll.toMillis());
    }
    inbox.drainTo(held);
    if (wasEmpty && !held.isEmpty()) {
      oldestHeldNanos = System.nanoTime();
      if (oldestHeldNanos - lastAppliedNanos < STREAMING.toNanos()) {
        linger();
      }
    }
  }

  /** Takes in what arrives within {@link #LINGER} of the first held report, up to a batch. */
  private void linger() throws InterruptedException {
    long until = oldestHeldNanos + LINGER.toNanos();
    long left;
    while (held.size() < batchSize * 2 && (left = until - System.nanoTime()) > 0) {
      TaskStatus next = inbox.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      held.add(next);
      inbox.drainTo(held);
    }
  }

  /** Whether the loop's backlog of starts comes first, and the held reports can still wait. */
  private boolean holdForStarts() {
    return startsPending.getAsBoolean() && System.nanoTime() - oldestHeldNanos < MAX_HOLD.toNanos();
  }

  /** Applies what is held, in batches; what fails stays held, in order, for the next try. */
  private void applyHeld() {
    List<TaskStatus> reports = List.copyOf(held);
    held.clear();
    int ends = 0;
    int size = batchSize * 2; // a task usually reports twice: running, then its end
    for (int from = 0; from < reports.size(); from += size) {
      List<TaskStatus> batch = reports.subList(from, Math.min(reports.size(), from + size));
      ends += applyBatch(batch);
    }
    lastAppliedNanos = System.nanoTime();
    if (ends > 0) {
      runsEnded.run();
    }
  }

  private int applyBatch(List<TaskStatus> batch) {
    try {
      statuses.handleAll(batch);
      return ends(batch);
    } catch (RuntimeException e) {
      if (StepFailures.notAboutTheBatch(e)) {
        // The lease or the database, not a report: one by one would fail the same way.
        StepFailures.log(outages, log, "Applying " + batch.size() + " reports failed; held", e);
        held.addAll(batch);
        return 0;
      }
      // One bad report must not hold back the others: apply this batch one by one.
      log.warn("Applying {} reports together failed; applying them one by one", batch.size(), e);
      int ends = 0;
      for (TaskStatus status : batch) {
        try {
          statuses.handle(status);
          ends += ends(List.of(status));
        } catch (RuntimeException one) {
          StepFailures.log(outages, log, "Applying " + status + " failed; will retry", one);
          held.add(status);
        }
      }
      return ends;
    }
  }

  /**
   * Test seam ({@link Engine#step}): applies, on the caller's thread, every report taken in so far,
   * if this instance leads. Returns how many it applied; a failed one stays held for the next call.
   */
  int applyNow() {
    inbox.drainTo(held);
    if (held.isEmpty() || !leads.getAsBoolean()) {
      return 0;
    }
    int before = held.size();
    applyHeld();
    heldCount = held.size();
    return before - held.size();
  }

  /** Reports taken in but not yet applied, as of the loop's last pass. */
  int held() {
    return heldCount;
  }

  private static int ends(List<TaskStatus> batch) {
    return (int) batch.stream().filter(s -> s.state() != TaskState.RUNNING).count();
  }

  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
