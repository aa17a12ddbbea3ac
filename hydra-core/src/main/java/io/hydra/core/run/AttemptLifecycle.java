package io.hydra.core.run;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The attempt state machine as data: for every {@link AttemptState} and {@link AttemptEvent}, the
 * {@link Step} it takes. {@code StatusHandler} asks it for every launcher report it applies; the
 * kill requests ({@code Timers} and the kill paths) are made only for attempts that have not ended,
 * as the table has it. The state diagram in {@code docs/state-machine.md} is drawn from it, and
 * {@code AttemptLifecycleTest} lists every cell.
 *
 * <p>The rules, by row:
 *
 * <ul>
 *   <li>An attempt is created {@code launching}, committed before the launcher is called.
 *   <li>{@code launching} and {@code running} take every report. The first report of an end wins: a
 *       task that ends quickly may never be reported running, so {@code launching} ends directly.
 *   <li>An ended attempt ignores everything: a report of the end it has is a duplicate (launchers
 *       deliver at least once, and a crash between commit and acknowledgement redelivers), any
 *       other is stale (a late or reordered report, or a reconciliation's answer about a task whose
 *       end is already recorded). The first recorded end stands.
 *   <li>An end tells the run's lifecycle the {@link AttemptOutcome}, if this attempt still drives
 *       its run (the run is running and this is its current attempt); otherwise the run has moved
 *       on (killed while queued, re-run) and only the attempt's row changes.
 *   <li>A kill request does not change the state: the kill is recorded on the attempt, sent to the
 *       launcher after commit, and the attempt ends when the launcher reports it.
 * </ul>
 */
public final class AttemptLifecycle {

  /** What an event does to an attempt in one state. */
  public sealed interface Step {
    /**
     * The attempt moves to {@code to}. {@code outcome} is what its run is told when the attempt
     * ends ({@link RunLifecycle#attemptEnded}), and null when it has not ended.
     */
    record Moves(AttemptState to, AttemptOutcome outcome) implements Step {}

    /**
     * The state does not change; the launcher is asked to stop the task (recorded first, with the
     * kill's reason, which decides whether a later failed or killed report is {@link
     * AttemptEvent#TIMED_OUT}).
     */
    record RequestsKill() implements Step {}

    /** Nothing changes. */
    record Ignored(Why why) implements Step {}
  }

  /** Why an event changes nothing. */
  public enum Why {
    /** The attempt is already where the event would take it. */
    DUPLICATE,
    /** The attempt has ended otherwise, or ended before the event: the first end stands. */
    STALE
  }

  /** The state every attempt starts in. */
  public static final AttemptState CREATED_IN = AttemptState.LAUNCHING;

  private static final Set<AttemptState> ACTIVE =
      EnumSet.of(AttemptState.LAUNCHING, AttemptState.RUNNING);

  private static final Map<AttemptState, Map<AttemptEvent, Step>> TABLE =
      new EnumMap<>(AttemptState.class);

  static {
    for (AttemptState from : AttemptState.values()) {
      Map<AttemptEvent, Step> row = new EnumMap<>(AttemptEvent.class);
      for (AttemptEvent event : AttemptEvent.values()) {
        row.put(event, decide(from, event));
      }
      TABLE.put(from, row);
    }
  }

  private AttemptLifecycle() {}

  /** What {@code event} does to an attempt in state {@code from}. */
  public static Step step(AttemptState from, AttemptEvent event) {
    return TABLE.get(from).get(event);
  }

  private static Step decide(AttemptState from, AttemptEvent event) {
    if (from == AttemptState.RUNNING && event == AttemptEvent.REPORTED_NOT_STARTED) {
      // It was seen running, so it did start: "never started" cannot be proven of it. It ends
      // lost, and its run's retry policy decides (the at-least-once case, never a free restart).
      return new Step.Moves(AttemptState.LOST, AttemptOutcome.LOST);
    }
    Step active = whileActive(event);
    if (ACTIVE.contains(from)) {
      // A second running report changes nothing (StatusHandler writes the attempt only when it
      // was not running yet, so started_at stays the first report's time).
      boolean again = active instanceof Step.Moves m && m.to() == from;
      return again ? new Step.Ignored(Why.DUPLICATE) : active;
    }
    // Ended. A kill request or a deadline can no longer apply (the engine asks only for active
    // attempts), and a report is a duplicate only if it brings the same end again.
    boolean same = active instanceof Step.Moves m && m.to() == from && m.outcome() != null;
    return new Step.Ignored(same ? Why.DUPLICATE : Why.STALE);
  }

  /** What the event does to an attempt that has not ended. */
  private static Step whileActive(AttemptEvent event) {
    return switch (event) {
      case REPORTED_RUNNING -> new Step.Moves(AttemptState.RUNNING, null);
      case REPORTED_SUCCEEDED -> new Step.Moves(AttemptState.SUCCEEDED, AttemptOutcome.SUCCEEDED);
      case REPORTED_FAILED -> new Step.Moves(AttemptState.FAILED, AttemptOutcome.FAILED);
      case REPORTED_KILLED -> new Step.Moves(AttemptState.KILLED, AttemptOutcome.KILLED);
      // Stopped for its timeout, whether the launcher saw a kill or a failure (a process that
      // dies of the signal): the attempt failed, and its run counts a failure.
      case TIMED_OUT -> new Step.Moves(AttemptState.FAILED, AttemptOutcome.TIMED_OUT);
      case REPORTED_LOST -> new Step.Moves(AttemptState.LOST, AttemptOutcome.LOST);
      // Recorded as lost (there is no attempt state for "never started"), but its run is told
      // NOT_STARTED and starts a new attempt without spending a retry. Only while launching: one
      // seen running ends lost (decide).
      case REPORTED_NOT_STARTED -> new Step.Moves(AttemptState.LOST, AttemptOutcome.NOT_STARTED);
      case KILL_REQUESTED, DEADLINE_PASSED -> new Step.RequestsKill();
    };
  }
}
