package io.hydra.core.run;

import io.hydra.core.job.RetryPolicy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /**
   * What a run looks like to the state machine.
   *
   * @param retryAt when a retrying run's next attempt is due (kept by a step that does not move the
   *     run), or null
   * @param hold the operator's hold on the run, or null
   */
  public record Snapshot(RunState state, int failures, int attempts, Instant retryAt, Hold hold) {

    /** A run that is not held, with no retry due. */
    public Snapshot(RunState state, int failures, int attempts) {
      this(state, failures, attempts, null, null);
    }

    public boolean held() {
      return hold != null;
    }
  }

  /** A side effect of a transition. */
  public sealed interface Effect {
    /** Record attempt {@code number} as launching, commit, then call the launcher. */
    record LaunchAttempt(int number) implements Effect {}

    /** Ask the launcher to stop attempt {@code number}. */
    record KillAttempt(int number, Reason why) implements Effect {
      public ReasonKind kind() {
        return why.kind();
      }

      public String reason() {
        return why.text();
      }
    }

    /** The run ended (or may move again): dependents for the same logical time are re-evaluated. */
    record EvaluateDownstream() implements Effect {}
  }

  /**
   * The new state of a run, why, and what must happen because of it; {@code hold} is the run's hold
   * after it (an ended run is held no more).
   */
  public record Transition(
      RunState to, Reason why, int failures, Instant retryAt, List<Effect> effects, Hold hold) {

    public ReasonKind kind() {
      return why.kind();
    }

    /** The sentence of {@link #why}. */
    public String reason() {
      return why.text();
    }
  }

  /**
   * A run is created (a fire, a trigger, a backfill, an upstream run ending) in its initial state:
   * waiting, queued, started at once ({@code running}, its first attempt launching), skipped or
   * upstream-failed. One created already ended reaches its dependents like any other end.
   */
  public static Transition created(RunState initial, Reason why) {
    if (!RunTable.CREATED_IN.contains(initial)) {
      throw new IllegalTransitionException("a run cannot be created " + initial.wireName());
    }
    List<Effect> effects =
        initial == RunState.RUNNING
            ? List.of(new Effect.LaunchAttempt(1))
            : initial.isTerminal() ? List.of(new Effect.EvaluateDownstream()) : List.of();
    return new Transition(initial, why, 0, null, effects, null);
  }

  /** The dispatcher starts the next attempt of a queued run. */
  public static Transition dispatch(Snapshot run) {
    int next = run.attempts() + 1;
    return apply(
        run, RunEvent.DISPATCH, Reason.of(ReasonKind.LAUNCHING, Reason.ATTEMPT, next), null);
  }

  /**
   * The run's current attempt was reported running (or, later, where it runs): the run stays
   * running and only its reason changes, so it says what is true now instead of "launching". Not a
   * step of {@link RunTable}: no state changes, nothing is launched or killed.
   *
   * @param host the machine the task runs on, or null while the launcher has not said
   * @throws IllegalTransitionException unless the run is running this very attempt
   */
  public static Transition attemptRunning(Snapshot run, int attempt, Instant since, String host) {
    if (run.state() != RunState.RUNNING || run.attempts() != attempt) {
      throw new IllegalTransitionException(
          "attempt " + attempt + " does not drive a " + run.state().wireName() + " run");
    }
    Reason why =
        Reason.of(
            ReasonKind.ATTEMPT_RUNNING,
            Reason.ATTEMPT,
            attempt,
            Reason.SINCE,
            // People read it: the second is enough, the attempt keeps the exact time.
            since == null ? null : since.truncatedTo(ChronoUnit.SECONDS),
            Reason.HOST,
            host);
    return new Transition(RunState.RUNNING, why, run.failures(), null, List.of(), run.hold());
  }

  /** How an attempt ended, as its launcher told: each part may be absent. */
  public record AttemptEnd(Integer exitCode, String message, String killedFor) {

    public static final AttemptEnd NONE = new AttemptEnd(null, null, null);

    /** The reason of attempt {@code attempt}'s end, of {@code kind}, with these parts. */
    public Reason reason(ReasonKind kind, int attempt) {
      return Reason.of(
          kind,
          Reason.ATTEMPT,
          attempt,
          Reason.EXIT_CODE,
          exitCode,
          Reason.MESSAGE,
          message == null || message.isBlank() ? null : message,
          Reason.KILLED_FOR,
          killedFor);
    }
  }

  /** The current attempt ended; decide between success, retry and failure. */
  public static Transition attemptEnded(
      Snapshot run,
      int attempt,
      AttemptOutcome outcome,
      AttemptEnd end,
      RetryPolicy retries,
      Instant now) {
    Reason why = end.reason(outcome.reasonKind(), attempt);
    return switch (outcome) {
      case SUCCEEDED -> apply(run, RunEvent.ATTEMPT_SUCCEEDED, why, null);
      case KILLED -> apply(run, RunEvent.ATTEMPT_KILLED, why, null);
      case NOT_STARTED -> apply(run, RunEvent.ATTEMPT_NOT_STARTED, why, null);
      case FAILED, TIMED_OUT, LOST -> failed(run, why, retries, now);
    };
  }

  private static Transition failed(Snapshot run, Reason why, RetryPolicy retries, Instant now) {
    int failures = run.failures() + 1;
    Reason counted = why.with(Reason.FAILURES, failures);
    if (retries.allowsRetryAfter(failures)) {
      Instant at = now.plus(retries.delayBeforeRetry(failures));
      Reason retry = counted.with(Reason.RETRIES, retries.max()).with(Reason.RETRY_AT, at);
      return apply(run, RunEvent.ATTEMPT_FAILED_RETRY, retry, at);
    }
    return apply(run, RunEvent.ATTEMPT_FAILED_FINAL, counted, null);
  }

  /** The backoff timer of a retrying run fired. */
  public static Transition retryDue(Snapshot run) {
    return apply(run, RunEvent.RETRY_DUE, Reason.of(ReasonKind.RETRY_DUE), null);
  }

  /** An operator asked to run an ended run again; the failure count starts afresh. */
  public static Transition rerun(Snapshot run, String who) {
    return apply(run, RunEvent.RERUN, Reason.of(ReasonKind.RERUN, Reason.BY, who), null);
  }

  /**
   * A pipeline retry runs an ended run again, as an operator's re-run does, for {@code why} (kind
   * {@link ReasonKind#PIPELINE_RETRY}).
   */
  public static Transition rerun(Snapshot run, Reason why) {
    return apply(run, RunEvent.RERUN, why, null);
  }

  /** An operator declares the run successful without running it; dependents proceed. */
  public static Transition markSucceeded(Snapshot run, String who) {
    return apply(
        run, RunEvent.MARK_SUCCEEDED, Reason.of(ReasonKind.MARKED_SUCCEEDED, Reason.BY, who), null);
  }

  /** An operator decides the run will not run; dependents see a skipped upstream. */
  public static Transition skipByOperator(Snapshot run, String who) {
    return apply(run, RunEvent.OPERATOR_SKIP, Reason.of(ReasonKind.MANUAL, Reason.BY, who), null);
  }

  /**
   * A re-run with {@code downstream: true} reached this dependent run: it waits for its upstream to
   * succeed again, then runs afresh.
   */
  public static Transition awaitUpstreamRerun(Snapshot run, String upstreamJob) {
    return awaitUpstreamRerun(
        run, Reason.of(ReasonKind.UPSTREAM_RERUN, Reason.UPSTREAM, upstreamJob));
  }

  /** As {@link #awaitUpstreamRerun(Snapshot, String)}, with details beyond the upstream. */
  public static Transition awaitUpstreamRerun(Snapshot run, Reason why) {
    return apply(run, RunEvent.AWAIT_UPSTREAM_RERUN, why, null);
  }

  /** A fire skipped while its job was paused runs after all, by the catch-up policy. */
  public static Transition catchUp(Snapshot run, String catchup) {
    return apply(
        run, RunEvent.CATCH_UP, Reason.of(ReasonKind.CAUGHT_UP, Reason.CATCHUP, catchup), null);
  }

  /**
   * The upstream runs for the same logical time were (re-)evaluated.
   *
   * @throws IllegalArgumentException if the verdict's state is none a verdict has ({@link
   *     RunEvent#ofVerdict})
   */
  public static Transition upstreamVerdict(Snapshot run, Readiness.Verdict verdict) {
    return apply(run, RunEvent.ofVerdict(verdict.state()), verdict.why(), null);
  }

  /**
   * An operator (or a replacing run) asked to kill this run. A running run stays running: only its
   * attempt is told to stop, and the run ends when the launcher confirms.
   */
  public static Transition kill(Snapshot run, Reason why) {
    return apply(run, RunEvent.KILL, why, null);
  }

  /** A run recorded but not run (missed, paused, a calendar's date, manual, its job deleted). */
  public static Transition skip(Snapshot run, Reason why) {
    return apply(run, RunEvent.SKIP, why, null);
  }

  /**
   * An operator holds a run that has not ended: it is not started until released. A running run
   * finishes, and if its attempt fails, its retry waits queued for the release.
   */
  public static Transition hold(Snapshot run, String who, Instant now) {
    Reason why = Reason.of(ReasonKind.HELD, Reason.BY, who);
    return holds(run, RunEvent.HOLD, why, new Hold(who, now));
  }

  /**
   * An operator releases a held run: it starts when its upstreams, concurrency and capacity let.
   */
  public static Transition release(Snapshot run, String who) {
    return holds(run, RunEvent.RELEASE, Reason.of(ReasonKind.RELEASED, Reason.BY, who), null);
  }

  private static Transition holds(Snapshot run, RunEvent event, Reason why, Hold hold) {
    if (!(RunTable.step(run.state(), run.held(), event) instanceof RunTable.Step.Holds)) {
      throw new IllegalTransitionException(refusal(run, event), event);
    }
    return new Transition(run.state(), why, run.failures(), run.retryAt(), List.of(), hold);
  }

  public static boolean isAllowed(RunState from, RunState to) {
    return RunTable.isAllowed(from, to);
  }

  /** The step {@code event} takes from the run's state, with the reason and numbers filled in. */
  private static Transition apply(Snapshot run, RunEvent event, Reason why, Instant retryAt) {
    if (!(RunTable.step(run.state(), run.held(), event) instanceof RunTable.Step.Moves step)) {
      throw new IllegalTransitionException(refusal(run, event), event);
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
                      case KILL_ATTEMPT -> new Effect.KillAttempt(run.attempts(), why);
                      case EVALUATE_DOWNSTREAM -> new Effect.EvaluateDownstream();
                    })
            .toList();
    Hold hold = step.to().isTerminal() ? null : run.hold();
    return new Transition(step.to(), why, failures, retryAt, effects, hold);
  }

  /** The message of a refused step: the event's own rule, or the move it would make. */
  private static String refusal(Snapshot run, RunEvent event) {
    RunState from = run.state();
    String state = from.wireName();
    if (run.held() && RunTable.HELD_BACK.contains(event)) {
      return "run is held by " + run.hold().by() + "; release it first";
    }
    switch (event) {
      case HOLD -> {
        return run.held()
            ? "run is held already, by " + run.hold().by()
            : "run is " + state + "; only a run that has not ended can be held";
      }
      case RELEASE -> {
        return run.held() ? "run is " + state + "; it cannot be released" : "run is not held";
      }
      default -> {}
    }
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
        default -> {
          // Refused in a state no caller applies it in, though another event may make the same
          // move: "cannot become" would mislead.
          if (RunTable.isAllowed(from, RunTable.target(event))) {
            return event.wireName() + " does not happen to a " + state + " run";
          }
        }
      }
    }
    return "a " + state + " run cannot become " + RunTable.target(event).wireName();
  }
}
