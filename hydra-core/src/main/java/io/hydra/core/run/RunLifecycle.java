package io.hydra.core.run;

import io.hydra.core.job.RetryPolicy;
import java.time.Instant;
import java.util.List;

/**
 * The run state machine. It does no I/O: each method takes the run as it is and returns the {@link
 * Transition} to apply, including the side effects, which the engine applies in a fixed order
 * (write the new state, evaluate downstream in the same transaction, commit, then launch or kill).
 * Which states each event leads to, and with which effects, is the data of {@link RunTable}; this
 * class adds what a step needs beyond states and effects: the reason, the attempt numbers, the
 * retry time.
 */
public final class RunLifecycle {

  private RunLifecycle() {}

  /** What a run looks like to the state machine. */
  public record Snapshot(RunState state, int failures, int attempts) {}

  /** A side effect of a transition. */
  public sealed interface Effect {
    /** Record attempt {@code number} as launching, commit, then call the launcher. */
    record LaunchAttempt(int number) implements Effect {}

    /** Ask the launcher to stop attempt {@code number}. */
    record KillAttempt(int number, ReasonKind kind, String reason) implements Effect {}

    /** The run ended (or may move again): dependents for the same logical time are re-evaluated. */
    record EvaluateDownstream() implements Effect {}
  }

  /** The new state of a run, why, and what must happen because of it. */
  public record Transition(
      RunState to,
      ReasonKind kind,
      String reason,
      int failures,
      Instant retryAt,
      List<Effect> effects) {}

  /**
   * A run is created (a fire, a trigger, a backfill, an upstream run ending) in its initial state:
   * waiting, queued, started at once ({@code running}, its first attempt launching), skipped or
   * upstream-failed. One created already ended reaches its dependents like any other end.
   */
  public static Transition created(RunState initial, ReasonKind kind, String reason) {
    if (!RunTable.CREATED_IN.contains(initial)) {
      throw new IllegalTransitionException("a run cannot be created " + initial.wireName());
    }
    List<Effect> effects =
        initial == RunState.RUNNING
            ? List.of(new Effect.LaunchAttempt(1))
            : initial.isTerminal() ? List.of(new Effect.EvaluateDownstream()) : List.of();
    return new Transition(initial, kind, reason, 0, null, effects);
  }

  /** The dispatcher starts the next attempt of a queued run. */
  public static Transition dispatch(Snapshot run) {
    int next = run.attempts() + 1;
    return apply(
        run, RunEvent.DISPATCH, ReasonKind.LAUNCHING, "attempt " + next + " launching", null);
  }

  /** The current attempt ended; decide between success, retry and failure. */
  public static Transition attemptEnded(
      Snapshot run,
      int attempt,
      AttemptOutcome outcome,
      String detail,
      RetryPolicy retries,
      Instant now) {
    String what = "attempt " + attempt + " " + describe(outcome) + suffix(detail);
    return switch (outcome) {
      case SUCCEEDED ->
          apply(run, RunEvent.ATTEMPT_SUCCEEDED, ReasonKind.ATTEMPT_SUCCEEDED, what, null);
      case KILLED -> apply(run, RunEvent.ATTEMPT_KILLED, ReasonKind.ATTEMPT_KILLED, what, null);
      case NOT_STARTED ->
          apply(
              run,
              RunEvent.ATTEMPT_NOT_STARTED,
              ReasonKind.ATTEMPT_NOT_STARTED,
              what + "; starting it again",
              null);
      case FAILED -> failed(run, ReasonKind.ATTEMPT_FAILED, what, retries, now);
      case TIMED_OUT -> failed(run, ReasonKind.ATTEMPT_TIMED_OUT, what, retries, now);
      case LOST -> failed(run, ReasonKind.ATTEMPT_LOST, what, retries, now);
    };
  }

  private static Transition failed(
      Snapshot run, ReasonKind kind, String what, RetryPolicy retries, Instant now) {
    int failures = run.failures() + 1;
    if (retries.allowsRetryAfter(failures)) {
      Instant at = now.plus(retries.delayBeforeRetry(failures));
      String reason = what + "; retry " + failures + " of " + retries.max() + " at " + at;
      return apply(run, RunEvent.ATTEMPT_FAILED_RETRY, kind, reason, at);
    }
    String reason = failures > 1 ? what + "; no retries left" : what;
    return apply(run, RunEvent.ATTEMPT_FAILED_FINAL, kind, reason, null);
  }

  /** The backoff timer of a retrying run fired. */
  public static Transition retryDue(Snapshot run) {
    return apply(run, RunEvent.RETRY_DUE, ReasonKind.RETRY_DUE, "retry timer fired", null);
  }

  /** An operator asked to run an ended run again; the failure count starts afresh. */
  public static Transition rerun(Snapshot run, String who) {
    return apply(run, RunEvent.RERUN, ReasonKind.RERUN, "re-run requested by " + who, null);
  }

  /** An operator declares the run successful without running it; dependents proceed. */
  public static Transition markSucceeded(Snapshot run, String who) {
    return apply(
        run,
        RunEvent.MARK_SUCCEEDED,
        ReasonKind.MARKED_SUCCEEDED,
        "marked successful by " + who,
        null);
  }

  /** An operator decides the run will not run; dependents see a skipped upstream. */
  public static Transition skipByOperator(Snapshot run, String who) {
    return apply(run, RunEvent.OPERATOR_SKIP, ReasonKind.MANUAL, "manual: skipped by " + who, null);
  }

  /**
   * A re-run with {@code downstream: true} reached this dependent run: it waits for its upstream to
   * succeed again, then runs afresh.
   */
  public static Transition awaitUpstreamRerun(Snapshot run, String upstreamJob) {
    String reason = "waiting for the re-run of upstream '" + upstreamJob + "'";
    return apply(run, RunEvent.AWAIT_UPSTREAM_RERUN, ReasonKind.UPSTREAM_RERUN, reason, null);
  }

  /** A fire skipped while its job was paused runs after all, by the catch-up policy. */
  public static Transition catchUp(Snapshot run, String reason) {
    return apply(run, RunEvent.CATCH_UP, ReasonKind.CAUGHT_UP, reason, null);
  }

  /**
   * The upstream runs for the same logical time were (re-)evaluated.
   *
   * @throws IllegalArgumentException if the verdict's state is none a verdict has ({@link
   *     RunEvent#ofVerdict})
   */
  public static Transition upstreamVerdict(Snapshot run, Readiness.Verdict verdict) {
    return apply(run, RunEvent.ofVerdict(verdict.state()), verdict.kind(), verdict.reason(), null);
  }

  /**
   * An operator (or a replacing run) asked to kill this run. A running run stays running: only its
   * attempt is told to stop, and the run ends when the launcher confirms.
   */
  public static Transition kill(Snapshot run, ReasonKind kind, String reason) {
    return apply(run, RunEvent.KILL, kind, reason, null);
  }

  /** A run recorded but not run (missed, paused, manual, its job deleted). */
  public static Transition skip(Snapshot run, ReasonKind kind, String reason) {
    return apply(run, RunEvent.SKIP, kind, reason, null);
  }

  public static boolean isAllowed(RunState from, RunState to) {
    return RunTable.isAllowed(from, to);
  }

  /** The step {@code event} takes from the run's state, with the reason and numbers filled in. */
  private static Transition apply(
      Snapshot run, RunEvent event, ReasonKind kind, String reason, Instant retryAt) {
    if (!(RunTable.step(run.state(), event) instanceof RunTable.Step.Moves step)) {
      throw new IllegalTransitionException(refusal(run.state(), event));
    }
    int failures =
        switch (step.failures()) {
          case KEEP -> run.failures();
          case COUNT -> run.failures() + 1;
          case RESET -> 0;
        };
    List<Effect> effects =
        step.effects().stream()
            .map(
                effect ->
                    switch (effect) {
                      case LAUNCH_ATTEMPT -> (Effect) new Effect.LaunchAttempt(run.attempts() + 1);
                      case KILL_ATTEMPT -> new Effect.KillAttempt(run.attempts(), kind, reason);
                      case EVALUATE_DOWNSTREAM -> new Effect.EvaluateDownstream();
                    })
            .toList();
    return new Transition(step.to(), kind, reason, failures, retryAt, effects);
  }

  /** The message of a refused step: the event's own rule, or the move it would make. */
  private static String refusal(RunState from, RunEvent event) {
    String state = from.wireName();
    String running = from == RunState.RUNNING ? "; kill it" : "";
    if (RunTable.refusedByRule(from, event)) {
      switch (event) {
        case RERUN -> {
          return "run is " + state + "; only an ended run can be re-run";
        }
        case MARK_SUCCEEDED -> {
          return "run is " + state + (running.isEmpty() ? " already" : running + " first");
        }
        case OPERATOR_SKIP -> {
          return "a " + state + " run cannot be skipped" + running;
        }
        default -> {} // every other event refuses only moves the table does not allow
      }
    }
    return "a " + state + " run cannot become " + RunTable.target(event).wireName();
  }

  private static String describe(AttemptOutcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> "succeeded";
      case FAILED -> "failed";
      case TIMED_OUT -> "timed out";
      case KILLED -> "was killed";
      case LOST -> "was lost";
      case NOT_STARTED -> "never started";
    };
  }

  private static String suffix(String detail) {
    return detail == null || detail.isBlank() ? "" : " (" + detail + ")";
  }
}
