package io.hydra.scheduler.engine;

import io.hydra.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the engine loop has been told since its last pass, and so what its next pass must do and how
 * long it may sleep before it. Wakes (a trigger, a job change, another instance's change) and run
 * ends arrive from other threads as tokens; the loop's own thread reads and clears the flags. Only
 * the loop's thread calls anything but {@link #wake} and {@link #runsEnded}.
 */
final class LoopSignals {

  private static final Object WAKE = new Object();

  /** Runs ended: what they released may be dispatched; no housekeeping needed for that. */
  private static final Object RUNS_ENDED = new Object();

  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final Clock clock;
  private final Duration idlePoll;
  private final Duration quietPoll;

  /** When {@link #nextTimer} was read ({@link System#nanoTime}). */
  private long timersReadNanos;

  /**
   * Whether {@link #nextTimer} must be read before the next wait: something other than runs ending
   * was heard, or housekeeping ran. Otherwise a busy loop (woken by runs ending, many times a
   * second) reuses it for up to an idle poll: the attempts it started meanwhile may have deadlines
   * it does not know, so it then waits no longer than that before it reads again.
   */
  private boolean timersStale = true;

  /** A step failed: the next pass comes after an idle poll at most, not a quiet one. */
  private boolean retrySoon;

  /** A token taken from the inbox while waiting; counted with the others on the next pass. */
  private Object carried;

  /**
   * Whether the next pass runs the housekeeping steps (timers, kills, backfills) even if no timer
   * is due: after a wake-up that was not only runs ending, or after a quiet wait.
   */
  private boolean housekeepingForced = true;

  /**
   * Whether the next pass should look for runs to dispatch even if nothing fired: after a wake,
   * runs ending or a quiet wait, or when the last dispatch stopped at its per-pass bound.
   */
  private boolean dispatchWanted = true;

  private long lastHousekeepingNanos;

  /** Whether the last dispatch stopped at its per-pass bound with runs still queued. */
  private boolean backlogLeft;

  /** The earliest timer row (retry, attempt deadline, upstream deadline), read before waiting. */
  private Optional<Instant> nextTimer = Optional.empty();

  LoopSignals(Clock clock, Duration idlePoll, Duration quietPoll) {
    this.clock = clock;
    this.idlePoll = idlePoll;
    this.quietPoll = quietPoll.compareTo(idlePoll) < 0 ? idlePoll : quietPoll;
  }

  /** Something changed: look again now rather than at the next tick. Any thread. */
  void wake() {
    inbox.add(WAKE);
  }

  /** Runs ended (launcher reports applied): dispatch what they released. Any thread. */
  void runsEnded() {
    inbox.add(RUNS_ENDED);
  }

  /** A new leadership term: the next pass does everything. */
  void forceAll() {
    housekeepingForced = true;
    dispatchWanted = true;
    timersStale = true;
  }

  /** A step failed: it runs again after an idle poll, with the housekeeping. */
  void stepFailed() {
    housekeepingForced = true;
    retrySoon = true;
  }

  /** Counts the wakes and run ends that arrived since the last pass. */
  void takeTokens() {
    List<Object> tokens = new ArrayList<>();
    if (carried != null) {
      tokens.add(carried);
      carried = null;
    }
    inbox.drainTo(tokens);
    for (Object token : tokens) {
      dispatchWanted = true;
      if (token != RUNS_ENDED) {
        housekeepingForced = true;
        timersStale = true;
      }
    }
  }

  boolean dispatchWanted() {
    return dispatchWanted;
  }

  /** A dispatch ended; {@code atBound}: it stopped at its per-pass bound, more may be queued. */
  void dispatched(boolean atBound) {
    backlogLeft = atBound;
    dispatchWanted = atBound;
  }

  /** A dispatch failed: tried again after the wait, not in a tight loop. */
  void dispatchFailed() {
    backlogLeft = false;
    dispatchWanted = true;
    retrySoon = true;
  }

  /**
   * Whether the housekeeping steps run this pass: forced, a timer is due, or an idle poll passed.
   */
  boolean housekeepingDue() {
    return housekeepingForced
        || nextTimer.map(at -> !at.isAfter(clock.now())).orElse(false)
        || System.nanoTime() - lastHousekeepingNanos >= idlePoll.toNanos();
  }

  void housekeepingDone() {
    housekeepingForced = false;
    lastHousekeepingNanos = System.nanoTime();
    timersStale = true;
  }

  /**
   * Waits until the next fire or timer is due, a token arrives, or a quiet poll passes (an idle
   * poll after a failed step).
   *
   * @param nextFire the next scheduled fire, if any
   * @param timers the earliest timer row; empty and {@link #forceAll} if it cannot be read
   */
  void awaitWork(Supplier<Optional<Instant>> nextFire, Supplier<Optional<Instant>> timers)
      throws InterruptedException {
    if (backlogLeft) {
      // Queued runs are left after a full pass: the next pass comes at once, not when a report
      // or a wake happens to arrive (reports may be held back while the backlog starts).
      return;
    }
    Duration wait = plannedWait(nextFire, timers);
    if (wait.isNegative() || wait.isZero()) {
      return;
    }
    boolean quietSpell = wait.equals(quietPoll);
    carried = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (carried == null) {
      dispatchWanted = true;
      // A whole quiet poll with nothing heard: look at everything again. A wait cut short by a
      // due fire is not one: the fire comes first, housekeeping when a timer or the poll is due.
      housekeepingForced |= quietSpell;
    }
  }

  /**
   * How long the next wait may last: until the next fire or timer, at most a quiet poll (an idle
   * poll after a failed step, or less while the timers read earlier may be stale). Reads the timer
   * rows only when they may have changed in ways the loop cannot know of, or an idle poll after the
   * last read.
   */
  Duration plannedWait(Supplier<Optional<Instant>> nextFire, Supplier<Optional<Instant>> timers) {
    Duration cap = retrySoon ? idlePoll : quietPoll;
    retrySoon = false;
    long sinceRead = System.nanoTime() - timersReadNanos;
    if (timersStale || sinceRead >= idlePoll.toNanos()) {
      nextTimer = timers.get();
      timersReadNanos = System.nanoTime();
      timersStale = false;
    } else {
      cap = min(cap, idlePoll.minusNanos(sinceRead));
    }
    Instant now = clock.now();
    Instant until =
        Stream.of(nextFire.get(), nextTimer)
            .flatMap(Optional::stream)
            .min(Instant::compareTo)
            .orElse(now.plus(cap));
    return min(Duration.between(now, until), cap);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
