package io.hydra.core.run;

import io.hydra.core.job.RetryPolicy;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run state machine as a transition table. It does no I/O: each method takes the run as it is
 * and returns the {@link Transition} to apply, including the side effects, which the engine applies
 * in a fixed order (write the new state, evaluate downstream in the same transaction, commit, then
 * launch or kill).
 */
public final class RunLifecycle {

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

  private RunLifecycle() {}

  /** What a run looks like to the state machine. */
  public record Snapshot(RunState state, int failures, int attempts) {}

  /** A side effect of a transition. */
  public sealed interface Effect {
    /** Record attempt {@code number} as launching, commit, then call the launcher. */
    record LaunchAttempt(int number) implements Effect {}

    /** Ask the launcher to stop attempt {@code number}. */
    record KillAttempt(int number, String reason) implements Effect {}

    /** The run ended (or may move again): dependents for the same logical time are re-evaluated. */
    record EvaluateDownstream() implements Effect {}
  }

  /** The new state of a run, why, and what must happen because of it. */
  public record Transition(
      RunState to, String reason, int failures, Instant retryAt, List<Effect> effects) {}

  /** The states a run can be created in. */
  private static final Set<RunState> INITIAL =
      EnumSet.of(
          RunState.WAITING,
          RunState.QUEUED,
          RunState.RUNNING,
          RunState.SKIPPED,
          RunState.UPSTREAM_FAILED);

  /**
   * A run is created (a fire, a trigger, a backfill, an upstream run ending) in its initial state:
   * waiting, queued, started at once ({@code running}, its first attempt launching), skipped or
   * upstream-failed. One created already ended reaches its dependents like any other end.
   */
  public static Transition created(RunState initial, String reason) {
    if (!INITIAL.contains(initial)) {
      throw new IllegalTransitionException("a run cannot be created " + initial.wireName());
    }
    List<Effect> effects =
        initial == RunState.RUNNING
            ? List.of(new Effect.LaunchAttempt(1))
            : initial.isTerminal() ? downstream() : List.of();
    return new Transition(initial, reason, 0, null, effects);
  }

  /** The dispatcher starts the next attempt of a queued run. */
  public static Transition dispatch(Snapshot run) {
    int next = run.attempts() + 1;
    return to(
        run,
        RunState.RUNNING,
        "attempt " + next + " launching",
        run.failures(),
        null,
        List.of(new Effect.LaunchAttempt(next)));
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
      case SUCCEEDED -> to(run, RunState.SUCCEEDED, what, run.failures(), null, downstream());
      case KILLED -> to(run, RunState.KILLED, what, run.failures(), null, downstream());
      case NOT_STARTED ->
          to(run, RunState.QUEUED, what + "; starting it again", run.failures(), null, List.of());
      case FAILED, TIMED_OUT, LOST -> failed(run, what, retries, now);
    };
  }

  private static Transition failed(Snapshot run, String what, RetryPolicy retries, Instant now) {
    int failures = run.failures() + 1;
    if (retries.allowsRetryAfter(failures)) {
      Instant at = now.plus(retries.delayBeforeRetry(failures));
      return to(
          run,
          RunState.RETRYING,
          what + "; retry " + failures + " of " + retries.max() + " at " + at,
          failures,
          at,
          List.of());
    }
    String reason = failures > 1 ? what + "; no retries left" : what;
    return to(run, RunState.FAILED, reason, failures, null, downstream());
  }

  /** The backoff timer of a retrying run fired. */
  public static Transition retryDue(Snapshot run) {
    return to(run, RunState.QUEUED, "retry timer fired", run.failures(), null, List.of());
  }

  /** An operator asked to run an ended run again; the failure count starts afresh. */
  public static Transition rerun(Snapshot run, String who) {
    if (!run.state().isTerminal()) {
      throw new IllegalTransitionException(
          "run is " + run.state().wireName() + "; only an ended run can be re-run");
    }
    return to(run, RunState.QUEUED, "re-run requested by " + who, 0, null, List.of());
  }

  /** An operator declares the run successful without running it; dependents proceed. */
  public static Transition markSucceeded(Snapshot run, String who) {
    if (run.state() == RunState.RUNNING || run.state() == RunState.SUCCEEDED) {
      throw new IllegalTransitionException(
          "run is "
              + run.state().wireName()
              + (run.state() == RunState.RUNNING ? "; kill it first" : " already"));
    }
    return to(
        run, RunState.SUCCEEDED, "marked successful by " + who, run.failures(), null, downstream());
  }

  /** An operator decides the run will not run; dependents see a skipped upstream. */
  public static Transition skipByOperator(Snapshot run, String who) {
    if (run.state() == RunState.RUNNING
        || run.state() == RunState.SKIPPED
        || run.state() == RunState.SUCCEEDED) {
      throw new IllegalTransitionException(
          "a "
              + run.state().wireName()
              + " run cannot be skipped"
              + (run.state() == RunState.RUNNING ? "; kill it" : ""));
    }
    return to(
        run, RunState.SKIPPED, "manual: skipped by " + who, run.failures(), null, downstream());
  }

  /**
   * A re-run with {@code downstream: true} reached this dependent run: it waits for its upstream to
   * succeed again, then runs afresh.
   */
  public static Transition awaitUpstreamRerun(Snapshot run, String upstreamJob) {
    return to(
        run,
        RunState.WAITING,
        "waiting for the re-run of upstream '" + upstreamJob + "'",
        0,
        null,
        List.of());
  }

  /** A fire skipped while its job was paused runs after all, by the catch-up policy. */
  public static Transition catchUp(Snapshot run, String reason) {
    // Its dependents saw a skipped upstream; now that it runs after all, they wait for it again.
    return to(run, RunState.QUEUED, reason, run.failures(), null, downstream());
  }

  /** The upstream runs for the same logical time were (re-)evaluated. */
  public static Transition upstreamVerdict(Snapshot run, Readiness.Verdict verdict) {
    List<Effect> effects = verdict.state().isTerminal() ? downstream() : List.of();
    return to(run, verdict.state(), verdict.reason(), run.failures(), null, effects);
  }

  /** An operator (or a replacing run) asked to kill this run. */
  public static Transition kill(Snapshot run, String reason) {
    if (run.state() == RunState.RUNNING) {
      // The run ends when the launcher confirms; only the attempt is told to stop now.
      return new Transition(
          RunState.RUNNING,
          reason,
          run.failures(),
          null,
          List.of(new Effect.KillAttempt(run.attempts(), reason)));
    }
    return to(run, RunState.KILLED, reason, run.failures(), null, downstream());
  }

  /** A fire or trigger that is recorded but not run (missed, concurrency, paused, manual). */
  public static Transition skip(Snapshot run, String reason) {
    return to(run, RunState.SKIPPED, reason, run.failures(), null, downstream());
  }

  public static boolean isAllowed(RunState from, RunState to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  private static Transition to(
      Snapshot run,
      RunState target,
      String reason,
      int failures,
      Instant retryAt,
      List<Effect> effects) {
    if (!isAllowed(run.state(), target)) {
      throw new IllegalTransitionException(
          "a " + run.state().wireName() + " run cannot become " + target.wireName());
    }
    return new Transition(target, reason, failures, retryAt, effects);
  }

  private static List<Effect> downstream() {
    return List.of(new Effect.EvaluateDownstream());
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

  private static void allow(RunState from, RunState... to) {
    ALLOWED.put(from, EnumSet.of(to[0], to));
  }
}
