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
   * long by a backlog that takes many seconds to start. Long enough for a boundary of 20,000 fires
   * on two cores (about 1.2 s) to be written before its first ends take the cores: at 250 ms the
   * ends recorded during the boundary put its p99 lag at 1.8 s instead of 1.2 s (BENCHMARKS.md).
   */
  static final Duration MAX_HOLD = Duration.ofSeconds(2);

  /**
   * How a report waits for others to share its commit. Real processes end a few at a time, not in
   * the thousands an in-process launcher ends at once: applied as they came, each cost a commit,
   * and with the dispatch each end wakes, real processes cost the database several commits per run
   * (issue 23). So a report that arrives while reports are streaming in (the last batch was applied
   * at most {@code streaming} ago) waits up to {@code linger} for others, but only while another
   * task this instance launched is still out ({@link TasksInFlight}): a report after a quiet spell,
   * or the end of the only task out (a chain's next hop), goes at once.
   */
  record Lingering(Duration linger, Duration streaming) {
    static final Lingering DEFAULT = new Lingering(Duration.ofMillis(40), Duration.ofMillis(200));
  }

  private final Lingering lingering;
  private final TasksInFlight inFlight;

  /** When the last batch was applied ({@link System#nanoTime}); long ago at first. */
  private long lastAppliedNanos;

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
   * @param inFlight the tasks still out, counted down here as their ends arrive
   */
  ReportApplier(
      StatusHandler statuses,
      BooleanSupplier leads,
      Runnable runsEnded,
      int batchSize,
      Duration idlePoll,
      BooleanSupplier startsPending,
      OutageLog outages,
      TasksInFlight inFlight,
      Lingering lingering) {
    this.inFlight = inFlight;
    this.lingering = lingering;
    this.lastAppliedNanos = System.nanoTime() - lingering.streaming().toNanos();
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
    if (status.state().isTerminal()) {
      inFlight.ended(); // before it can be seen in the inbox, so a linger never waits for it
    }
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
      if (oldestHeldNanos - lastAppliedNanos < lingering.streaming().toNanos()) {
        linger();
      }
    }
  }

  /**
   * Takes in what arrives within {@link Lingering#linger} of the first held report, up to a batch,
   * while another task is out.
   */
  private void linger() throws InterruptedException {
    long until = oldestHeldNanos + lingering.linger().toNanos();
    heldCount = held.size();
    long left;
    while (held.size() < batchSize * 2
        && inFlight.any()
        && (left = until - System.nanoTime()) > 0) {
      TaskStatus next = inbox.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      held.add(next);
      inbox.drainTo(held);
      heldCount = held.size();
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

  /** Reports taken in but not yet applied, as the applier last counted them. */
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
