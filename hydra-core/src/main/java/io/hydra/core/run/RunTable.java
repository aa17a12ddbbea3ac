package io.hydra.core.run;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run state machine as data: for every state and {@link RunEvent}, the {@link Step} the event
 * takes, as states and effects only (reasons, attempt numbers and retry times are {@link
 * RunLifecycle}'s). {@link RunLifecycle} applies these steps; the state diagram in {@code
 * docs/state-machine.md} is drawn from them, and {@code RunTableTest} lists every cell.
 *
 * <p>A cell is the event's rule: where it takes a run, and the states it happens in, each one a
 * state some caller in the engine applies it in (an attempt's end only to a running run, a retry
 * timer only to a retrying run, an upstream verdict only to a run its upstreams decide). Every
 * other state refuses it, so a cell the engine never uses is not left open by accident. The moves
 * permitted at all ({@link #isAllowed}) are the moves of the cells.
 */
public final class RunTable {

  /** What an event does to a run in one state. */
  public sealed interface Step {
    /** The run moves to {@code to} (possibly the state it is in), with these effects in order. */
    record Moves(RunState to, Failures failures, List<EffectKind> effects) implements Step {}

    /**
     * The run stays as it is, and only whether it is held back from starting changes ({@link
     * RunEvent#HOLD}, {@link RunEvent#RELEASE}): no effect, no change of failures.
     */
    record Holds(boolean held) implements Step {}

    /** The event is not possible in this state: {@link IllegalTransitionException}. */
    record Refused() implements Step {}
  }

  /** What a step does to the run's count of failed attempts (which the retry policy reads). */
  public enum Failures {
    KEEP,
    /** One more failed attempt. */
    COUNT,
    /** Starts afresh from 0: the run is run anew. */
    RESET
  }

  /** The kinds of {@link RunLifecycle.Effect}, without their arguments. */
  public enum EffectKind {
    /** {@link RunLifecycle.Effect.LaunchAttempt}: the next attempt. */
    LAUNCH_ATTEMPT,
    /** {@link RunLifecycle.Effect.KillAttempt}: the current attempt. */
    KILL_ATTEMPT,
    /** {@link RunLifecycle.Effect.EvaluateDownstream}. */
    EVALUATE_DOWNSTREAM
  }

  /**
   * The states the engine creates runs in: queued (ready), running (a fire's run started in the
   * transaction that creates it, its timeline reading queued then running), or the verdict of the
   * run's upstreams, its concurrency rule or its schedule (a missed or paused fire, or one on a
   * date a calendar excludes, is skipped: the reason kind tells them apart, the table does not need
   * to).
   */
  public static final Set<RunState> CREATED_IN =
      EnumSet.of(
          RunState.WAITING,
          RunState.QUEUED,
          RunState.RUNNING,
          RunState.SKIPPED,
          RunState.UPSTREAM_FAILED);

  /** The ended states: where an operator's re-run applies, and a re-run upstream reaches. */
  private static final Set<RunState> ENDED =
      EnumSet.of(
          RunState.SUCCEEDED,
          RunState.FAILED,
          RunState.UPSTREAM_FAILED,
          RunState.SKIPPED,
          RunState.KILLED);

  /**
   * The states of a run that its upstreams decide, and that a change upstream re-evaluates: as
   * {@link Readiness#decidedByUpstreams} (which further takes a skipped run only when the skip was
   * an upstream verdict; the table does not see reasons).
   */
  private static final Set<RunState> DECIDED_BY_UPSTREAMS =
      EnumSet.of(RunState.WAITING, RunState.UPSTREAM_FAILED, RunState.SKIPPED);

  /**
   * The states a run has not started in yet, or waits to start again in: an operator's kill, a
   * replacing run, a cancelled backfill or a deleted job may end it there.
   */
  private static final Set<RunState> NOT_STARTED =
      EnumSet.of(RunState.WAITING, RunState.QUEUED, RunState.RETRYING);

  /**
   * Each event's rule: where it takes a run, what it does to the failure count, its effects, and
   * the states it happens in (every other state refuses it).
   */
  private record Rule(
      RunState to, Failures failures, List<EffectKind> effects, Set<RunState> happensIn) {}

  private static final Map<RunEvent, Rule> RULES = new EnumMap<>(RunEvent.class);

  /**
   * The steps a held run does not take: it is never started, so its downstream waits too. Every
   * other step happens as it would (a held running run finishes; if it fails, it retries up to
   * queued and stays there until released).
   */
  public static final Set<RunEvent> HELD_BACK = EnumSet.of(RunEvent.DISPATCH);

  private static final List<EffectKind> NONE = List.of();
  private static final List<EffectKind> DOWNSTREAM = List.of(EffectKind.EVALUATE_DOWNSTREAM);

  static {
    // The dispatcher claims queued runs, and a new run started at once is dispatched as queued.
    rule(
        RunEvent.DISPATCH,
        RunState.RUNNING,
        Failures.KEEP,
        List.of(EffectKind.LAUNCH_ATTEMPT),
        EnumSet.of(RunState.QUEUED));
    // An attempt's end moves its run only while the run is running that attempt (StatusHandler);
    // otherwise the run has moved on and only the attempt records the end.
    Set<RunState> running = EnumSet.of(RunState.RUNNING);
    rule(RunEvent.ATTEMPT_SUCCEEDED, RunState.SUCCEEDED, Failures.KEEP, DOWNSTREAM, running);
    rule(RunEvent.ATTEMPT_FAILED_RETRY, RunState.RETRYING, Failures.COUNT, NONE, running);
    rule(RunEvent.ATTEMPT_FAILED_FINAL, RunState.FAILED, Failures.COUNT, DOWNSTREAM, running);
    rule(RunEvent.ATTEMPT_KILLED, RunState.KILLED, Failures.KEEP, DOWNSTREAM, running);
    rule(RunEvent.ATTEMPT_NOT_STARTED, RunState.QUEUED, Failures.KEEP, NONE, running);
    rule(RunEvent.RETRY_DUE, RunState.QUEUED, Failures.KEEP, NONE, EnumSet.of(RunState.RETRYING));
    // The operator's events happen in any state an operator may ask them in; the states left out
    // are refused with a message of their own (RunLifecycle), as an operator may ask there too.
    rule(RunEvent.RERUN, RunState.QUEUED, Failures.RESET, NONE, ENDED);
    rule(
        RunEvent.MARK_SUCCEEDED,
        RunState.SUCCEEDED,
        Failures.KEEP,
        DOWNSTREAM,
        allBut(RunState.RUNNING, RunState.SUCCEEDED));
    rule(
        RunEvent.OPERATOR_SKIP,
        RunState.SKIPPED,
        Failures.KEEP,
        DOWNSTREAM,
        allBut(RunState.RUNNING, RunState.SKIPPED, RunState.SUCCEEDED));
    // A re-run with downstream resets the ended runs downstream of it, whatever ended them.
    rule(RunEvent.AWAIT_UPSTREAM_RERUN, RunState.WAITING, Failures.RESET, NONE, ENDED);
    // A fire skipped while its job was paused. Its dependents saw a skipped upstream; now that it
    // runs after all, they wait for it again.
    rule(
        RunEvent.CATCH_UP,
        RunState.QUEUED,
        Failures.KEEP,
        DOWNSTREAM,
        EnumSet.of(RunState.SKIPPED));
    rule(RunEvent.UPSTREAM_WAITING, RunState.WAITING, Failures.KEEP, NONE, DECIDED_BY_UPSTREAMS);
    rule(RunEvent.UPSTREAM_READY, RunState.QUEUED, Failures.KEEP, NONE, DECIDED_BY_UPSTREAMS);
    rule(
        RunEvent.UPSTREAM_FAILED,
        RunState.UPSTREAM_FAILED,
        Failures.KEEP,
        DOWNSTREAM,
        DECIDED_BY_UPSTREAMS);
    rule(
        RunEvent.UPSTREAM_SKIPPED,
        RunState.SKIPPED,
        Failures.KEEP,
        DOWNSTREAM,
        DECIDED_BY_UPSTREAMS);
    // Only the freshness timer gives this verdict, and only to runs still waiting.
    rule(
        RunEvent.UPSTREAM_DEADLINE_PASSED,
        RunState.FAILED,
        Failures.KEEP,
        DOWNSTREAM,
        EnumSet.of(RunState.WAITING));
    Set<RunState> unfinished = EnumSet.copyOf(NOT_STARTED);
    unfinished.add(RunState.RUNNING); // a running run's cell is KILL_WHILE_RUNNING
    rule(RunEvent.KILL, RunState.KILLED, Failures.KEEP, DOWNSTREAM, unfinished);
    // A fire or trigger is recorded skipped by its creation; this ends a run that has not started
    // (a cancelled backfill's, a deleted job's). A running one is killed instead.
    rule(RunEvent.SKIP, RunState.SKIPPED, Failures.KEEP, DOWNSTREAM, NOT_STARTED);
    // An operator holds a run that has not ended, or releases it; the run keeps its state. The
    // target recorded here is only the one a refusal names.
    Set<RunState> notEnded = EnumSet.copyOf(unfinished);
    rule(RunEvent.HOLD, null, Failures.KEEP, NONE, notEnded);
    rule(RunEvent.RELEASE, null, Failures.KEEP, NONE, notEnded);
  }

  /**
   * A kill of a running run does not end it: the attempt is told to stop, and the run ends when the
   * launcher confirms ({@link RunEvent#ATTEMPT_KILLED}). This is the one step that keeps a run in
   * its state without the table allowing that move (running to running is not a move).
   */
  private static final Step KILL_WHILE_RUNNING =
      new Step.Moves(RunState.RUNNING, Failures.KEEP, List.of(EffectKind.KILL_ATTEMPT));

  private static final Map<RunState, Map<RunEvent, Step>> TABLE = new EnumMap<>(RunState.class);

  /** The moves of the cells, but for the kill of a running run, which makes none. */
  private static final Map<RunState, Set<RunState>> ALLOWED = new EnumMap<>(RunState.class);

  static {
    for (RunState from : RunState.values()) {
      Map<RunEvent, Step> row = new EnumMap<>(RunEvent.class);
      Set<RunState> moves = EnumSet.noneOf(RunState.class);
      for (RunEvent event : RunEvent.values()) {
        Step step = decide(from, event);
        row.put(event, step);
        if (step instanceof Step.Moves m && step != KILL_WHILE_RUNNING) {
          moves.add(m.to());
        }
      }
      TABLE.put(from, row);
      ALLOWED.put(from, moves);
    }
  }

  private RunTable() {}

  /** What {@code event} does to a run in state {@code from}. */
  public static Step step(RunState from, RunEvent event) {
    return TABLE.get(from).get(event);
  }

  /**
   * What {@code event} does to a run in state {@code from} that is held back from starting or not:
   * as {@link #step(RunState, RunEvent)}, but a held run refuses {@link #HELD_BACK} and a second
   * hold, and one not held refuses a release.
   */
  public static Step step(RunState from, boolean held, RunEvent event) {
    boolean refused =
        held ? HELD_BACK.contains(event) || event == RunEvent.HOLD : event == RunEvent.RELEASE;
    return refused ? new Step.Refused() : step(from, event);
  }

  /** Whether some cell moves a run from {@code from} to {@code to}. */
  public static boolean isAllowed(RunState from, RunState to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /** The state {@code event} aims at, whether or not a given state permits it. */
  static RunState target(RunEvent event) {
    return RULES.get(event).to();
  }

  /** Whether {@code event} does not happen in state {@code from}: its cell refuses it. */
  static boolean refusedByRule(RunState from, RunEvent event) {
    return !RULES.get(event).happensIn().contains(from);
  }

  private static Step decide(RunState from, RunEvent event) {
    Rule rule = RULES.get(event);
    if (!rule.happensIn().contains(from)) {
      return new Step.Refused();
    }
    if (event == RunEvent.KILL && from == RunState.RUNNING) {
      return KILL_WHILE_RUNNING;
    }
    if (event == RunEvent.HOLD || event == RunEvent.RELEASE) {
      return new Step.Holds(event == RunEvent.HOLD);
    }
    return new Step.Moves(rule.to(), rule.failures(), rule.effects());
  }

  private static void rule(
      RunEvent event,
      RunState to,
      Failures failures,
      List<EffectKind> effects,
      Set<RunState> happensIn) {
    RULES.put(event, new Rule(to, failures, effects, EnumSet.copyOf(happensIn)));
  }

  private static Set<RunState> allBut(RunState... states) {
    Set<RunState> in = EnumSet.allOf(RunState.class);
    in.removeAll(List.of(states));
    return in;
  }
}
