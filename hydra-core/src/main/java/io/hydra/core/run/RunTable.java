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
 * <p>A cell is the event's rule (its target, and the states it refuses itself, such as a re-run of
 * a run that has not ended), checked against {@link #isAllowed}, the moves between states that are
 * permitted at all.
 */
public final class RunTable {

  /** What an event does to a run in one state. */
  public sealed interface Step {
    /** The run moves to {@code to} (possibly the state it is in), with these effects in order. */
    record Moves(RunState to, Failures failures, List<EffectKind> effects) implements Step {}

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
   * run's upstreams, its concurrency rule or its schedule (a missed or paused fire is skipped).
   */
  public static final Set<RunState> CREATED_IN =
      EnumSet.of(
          RunState.WAITING,
          RunState.QUEUED,
          RunState.RUNNING,
          RunState.SKIPPED,
          RunState.UPSTREAM_FAILED);

  private static final Map<RunState, Set<RunState>> ALLOWED = new EnumMap<>(RunState.class);

  static {
    allow(
        RunState.WAITING,
        RunState.WAITING,
        RunState.QUEUED,
        RunState.UPSTREAM_FAILED,
        RunState.SKIPPED,
        RunState.KILLED,
        RunState.SUCCEEDED,
        RunState.FAILED);
    allow(RunState.QUEUED, RunState.RUNNING, RunState.SKIPPED, RunState.KILLED, RunState.SUCCEEDED);
    allow(
        RunState.RUNNING,
        RunState.SUCCEEDED,
        RunState.FAILED,
        RunState.RETRYING,
        RunState.KILLED,
        RunState.QUEUED);
    allow(
        RunState.RETRYING, RunState.QUEUED, RunState.KILLED, RunState.SKIPPED, RunState.SUCCEEDED);
    // Ended runs move only by an operator (re-run, mark success, skip), a re-run upstream, or a
    // catch-up after a pause.
    allow(RunState.SUCCEEDED, RunState.QUEUED, RunState.WAITING);
    allow(RunState.FAILED, RunState.QUEUED, RunState.WAITING, RunState.SUCCEEDED, RunState.SKIPPED);
    allow(RunState.KILLED, RunState.QUEUED, RunState.WAITING, RunState.SUCCEEDED, RunState.SKIPPED);
    allow(
        RunState.SKIPPED,
        RunState.QUEUED,
        RunState.WAITING,
        RunState.SUCCEEDED,
        RunState.UPSTREAM_FAILED,
        RunState.SKIPPED);
    allow(
        RunState.UPSTREAM_FAILED,
        RunState.QUEUED,
        RunState.WAITING,
        RunState.UPSTREAM_FAILED,
        RunState.SKIPPED,
        RunState.SUCCEEDED);
  }

  /**
   * Each event's rule: where it takes a run, what it does to the failure count, its effects, and
   * the states it refuses by itself (before {@link #isAllowed} is asked).
   */
  private record Rule(
      RunState to, Failures failures, List<EffectKind> effects, Set<RunState> refusedIn) {}

  private static final Map<RunEvent, Rule> RULES = new EnumMap<>(RunEvent.class);

  private static final List<EffectKind> NONE = List.of();
  private static final List<EffectKind> DOWNSTREAM = List.of(EffectKind.EVALUATE_DOWNSTREAM);

  static {
    rule(RunEvent.DISPATCH, RunState.RUNNING, Failures.KEEP, List.of(EffectKind.LAUNCH_ATTEMPT));
    rule(RunEvent.ATTEMPT_SUCCEEDED, RunState.SUCCEEDED, Failures.KEEP, DOWNSTREAM);
    rule(RunEvent.ATTEMPT_FAILED_RETRY, RunState.RETRYING, Failures.COUNT, NONE);
    rule(RunEvent.ATTEMPT_FAILED_FINAL, RunState.FAILED, Failures.COUNT, DOWNSTREAM);
    rule(RunEvent.ATTEMPT_KILLED, RunState.KILLED, Failures.KEEP, DOWNSTREAM);
    rule(RunEvent.ATTEMPT_NOT_STARTED, RunState.QUEUED, Failures.KEEP, NONE);
    rule(RunEvent.RETRY_DUE, RunState.QUEUED, Failures.KEEP, NONE);
    rule(
        RunEvent.RERUN,
        RunState.QUEUED,
        Failures.RESET,
        NONE,
        RunState.WAITING,
        RunState.QUEUED,
        RunState.RUNNING,
        RunState.RETRYING);
    rule(
        RunEvent.MARK_SUCCEEDED,
        RunState.SUCCEEDED,
        Failures.KEEP,
        DOWNSTREAM,
        RunState.RUNNING,
        RunState.SUCCEEDED);
    rule(
        RunEvent.OPERATOR_SKIP,
        RunState.SKIPPED,
        Failures.KEEP,
        DOWNSTREAM,
        RunState.RUNNING,
        RunState.SKIPPED,
        RunState.SUCCEEDED);
    rule(RunEvent.AWAIT_UPSTREAM_RERUN, RunState.WAITING, Failures.RESET, NONE);
    // Its dependents saw a skipped upstream; now that it runs after all, they wait for it again.
    rule(RunEvent.CATCH_UP, RunState.QUEUED, Failures.KEEP, DOWNSTREAM);
    rule(RunEvent.UPSTREAM_WAITING, RunState.WAITING, Failures.KEEP, NONE);
    rule(RunEvent.UPSTREAM_READY, RunState.QUEUED, Failures.KEEP, NONE);
    rule(RunEvent.UPSTREAM_FAILED, RunState.UPSTREAM_FAILED, Failures.KEEP, DOWNSTREAM);
    rule(RunEvent.UPSTREAM_SKIPPED, RunState.SKIPPED, Failures.KEEP, DOWNSTREAM);
    rule(RunEvent.UPSTREAM_DEADLINE_PASSED, RunState.FAILED, Failures.KEEP, DOWNSTREAM);
    rule(RunEvent.KILL, RunState.KILLED, Failures.KEEP, DOWNSTREAM);
    rule(RunEvent.SKIP, RunState.SKIPPED, Failures.KEEP, DOWNSTREAM);
  }

  /**
   * A kill of a running run does not end it: the attempt is told to stop, and the run ends when the
   * launcher confirms ({@link RunEvent#ATTEMPT_KILLED}). This is the one step that keeps a run in
   * its state without the table allowing that move (running to running is not a move).
   */
  private static final Step KILL_WHILE_RUNNING =
      new Step.Moves(RunState.RUNNING, Failures.KEEP, List.of(EffectKind.KILL_ATTEMPT));

  private static final Map<RunState, Map<RunEvent, Step>> TABLE = new EnumMap<>(RunState.class);

  static {
    for (RunState from : RunState.values()) {
      Map<RunEvent, Step> row = new EnumMap<>(RunEvent.class);
      for (RunEvent event : RunEvent.values()) {
        row.put(event, decide(from, event));
      }
      TABLE.put(from, row);
    }
  }

  private RunTable() {}

  /** What {@code event} does to a run in state {@code from}. */
  public static Step step(RunState from, RunEvent event) {
    return TABLE.get(from).get(event);
  }

  /** Whether any step may move a run from {@code from} to {@code to}. */
  public static boolean isAllowed(RunState from, RunState to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /** The state {@code event} aims at, whether or not a given state permits it. */
  static RunState target(RunEvent event) {
    return RULES.get(event).to();
  }

  /**
   * Whether {@code event} refuses state {@code from} by its own rule (a re-run of a run that has
   * not ended), rather than because the move is not allowed at all.
   */
  static boolean refusedByRule(RunState from, RunEvent event) {
    return RULES.get(event).refusedIn().contains(from);
  }

  private static Step decide(RunState from, RunEvent event) {
    if (event == RunEvent.KILL && from == RunState.RUNNING) {
      return KILL_WHILE_RUNNING;
    }
    Rule rule = RULES.get(event);
    if (rule.refusedIn().contains(from) || !isAllowed(from, rule.to())) {
      return new Step.Refused();
    }
    return new Step.Moves(rule.to(), rule.failures(), rule.effects());
  }

  private static void rule(
      RunEvent event,
      RunState to,
      Failures failures,
      List<EffectKind> effects,
      RunState... refusedIn) {
    Set<RunState> refused = EnumSet.noneOf(RunState.class);
    refused.addAll(List.of(refusedIn));
    RULES.put(event, new Rule(to, failures, effects, refused));
  }

  private static void allow(RunState from, RunState... to) {
    ALLOWED.put(from, EnumSet.of(to[0], to));
  }
}
