package io.hydra.core.run;

/**
 * Everything that can happen to a run, as data: {@link RunTable#step} says what each event does
 * from each state. Each method of {@link RunLifecycle} applies one of them (two for {@link
 * RunLifecycle#attemptEnded} and {@link RunLifecycle#upstreamVerdict}, which pick the event from
 * their arguments: {@link #afterAttempt} and {@link #ofVerdict}).
 */
public enum RunEvent {
  /** The dispatcher starts the next attempt ({@link RunLifecycle#dispatch}). */
  DISPATCH,
  /** The current attempt succeeded. */
  ATTEMPT_SUCCEEDED,
  /** The current attempt failed, timed out or was lost, and the retry policy allows another. */
  ATTEMPT_FAILED_RETRY,
  /** The current attempt failed, timed out or was lost, and no retry is left. */
  ATTEMPT_FAILED_FINAL,
  /** The current attempt was killed because an operator or a replacing run asked. */
  ATTEMPT_KILLED,
  /** The current attempt certainly never started: it is started again, no retry spent. */
  ATTEMPT_NOT_STARTED,
  /** The backoff timer of a retrying run fired ({@link RunLifecycle#retryDue}). */
  RETRY_DUE,
  /** An operator re-runs an ended run ({@link RunLifecycle#rerun}). */
  RERUN,
  /** An operator declares the run successful ({@link RunLifecycle#markSucceeded}). */
  MARK_SUCCEEDED,
  /** An operator skips the run ({@link RunLifecycle#skipByOperator}). */
  OPERATOR_SKIP,
  /** A re-run with downstream reached this run ({@link RunLifecycle#awaitUpstreamRerun}). */
  AWAIT_UPSTREAM_RERUN,
  /** A fire skipped while its job was paused runs after all ({@link RunLifecycle#catchUp}). */
  CATCH_UP,
  /** Upstream verdict: some upstream run has not ended (or not as the trigger rule needs). */
  UPSTREAM_WAITING,
  /** Upstream verdict: the trigger rule is met, the run is ready. */
  UPSTREAM_READY,
  /** Upstream verdict: an upstream run failed and the rule needs them all to succeed. */
  UPSTREAM_FAILED,
  /**
   * Upstream verdict: an upstream run was skipped, or no upstream failed for {@code one_failed}.
   */
  UPSTREAM_SKIPPED,
  /** Upstream verdict: a freshness upstream did not succeed by T + within ({@code failed}). */
  UPSTREAM_DEADLINE_PASSED,
  /**
   * An operator, a replacing run or a cancelled backfill stops the run ({@link RunLifecycle#kill}).
   */
  KILL,
  /** A fire or trigger recorded but not run: missed, concurrency, paused, deleted job, manual. */
  SKIP,
  /** An operator holds a run back from starting ({@link RunLifecycle#hold}). */
  HOLD,
  /** An operator lets a held run start again ({@link RunLifecycle#release}). */
  RELEASE;

  /** The event for an attempt's end; {@code retryLeft} matters only for a failure. */
  public static RunEvent afterAttempt(AttemptOutcome outcome, boolean retryLeft) {
    return switch (outcome) {
      case SUCCEEDED -> ATTEMPT_SUCCEEDED;
      case KILLED -> ATTEMPT_KILLED;
      case NOT_STARTED -> ATTEMPT_NOT_STARTED;
      case FAILED, TIMED_OUT, LOST -> retryLeft ? ATTEMPT_FAILED_RETRY : ATTEMPT_FAILED_FINAL;
    };
  }

  /**
   * The event for an upstream verdict of this state.
   *
   * @throws IllegalArgumentException for a state no verdict has ({@link Readiness} and the
   *     freshness timer give only waiting, queued, upstream_failed, skipped and failed)
   */
  public static RunEvent ofVerdict(RunState verdict) {
    return switch (verdict) {
      case WAITING -> UPSTREAM_WAITING;
      case QUEUED -> UPSTREAM_READY;
      case UPSTREAM_FAILED -> UPSTREAM_FAILED;
      case SKIPPED -> UPSTREAM_SKIPPED;
      case FAILED -> UPSTREAM_DEADLINE_PASSED;
      case RUNNING, RETRYING, SUCCEEDED, KILLED ->
          throw new IllegalArgumentException("no upstream verdict is " + verdict.wireName());
    };
  }

  public String wireName() {
    return name().toLowerCase();
  }
}
