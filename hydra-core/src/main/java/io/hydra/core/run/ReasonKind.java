package io.hydra.core.run;

/**
 * Why a run is in its state, as data: every state change records one, beside the sentence people
 * read. Code decides by the kind, never by the sentence (which may change wording freely).
 */
public enum ReasonKind {
  /** Created by a scheduled fire. */
  SCHEDULED,
  /** Created by a trigger (API, CLI, UI). */
  TRIGGERED,
  /** Created by a backfill. */
  BACKFILL,
  /** Created, or moved back to waiting, when an upstream run for its logical time ended. */
  UPSTREAM_ENDED,
  /** Waits for an upstream run for its logical time (or a fresh success) that has not come. */
  UPSTREAM_PENDING,
  /** Its upstream runs met its trigger rule: it is ready. */
  UPSTREAMS_MET,
  /** An upstream run failed ({@code trigger: all_success}). */
  UPSTREAM_FAILED,
  /** An upstream run was skipped, so this one is too ({@code trigger: all_success}). */
  UPSTREAM_SKIPPED,
  /** Every upstream run ended and none failed ({@code trigger: one_failed}). */
  NO_UPSTREAM_FAILED,
  /** A freshness upstream had no success by T + within. */
  UPSTREAM_TIMEOUT,
  /** Waits for the re-run of an upstream ({@code rerun} with {@code downstream: true}). */
  UPSTREAM_RERUN,
  /** A fire not run: the server was down or late past the catch-up policy. */
  MISSED,
  /** A fire not run because its job was paused. */
  PAUSED,
  /** A fire not run because its date is excluded by a calendar its schedule names. */
  CALENDAR,
  /** Not run because another run of its job was active ({@code concurrency: forbid}). */
  CONCURRENCY,
  /** Skipped by an operator, or by cancelling its backfill. */
  MANUAL,
  /** Killed by an operator or by cancelling its backfill. */
  KILLED,
  /** Ended by a newer run of its job ({@code concurrency: replace}). */
  REPLACED,
  /** Its job was deleted before it could start. */
  JOB_DELETED,
  /** Its attempt is being launched. */
  LAUNCHING,
  /** Its attempt's task runs (an attempt's reason). */
  ATTEMPT_RUNNING,
  ATTEMPT_SUCCEEDED,
  ATTEMPT_FAILED,
  ATTEMPT_TIMED_OUT,
  ATTEMPT_KILLED,
  /** Its attempt was lost by the launcher (it may have run). */
  ATTEMPT_LOST,
  /** Its attempt provably never started: it starts again without spending a retry. */
  ATTEMPT_NOT_STARTED,
  /** Its backoff timer fired. */
  RETRY_DUE,
  /** An operator asked for a new attempt. */
  RERUN,
  /** An operator declared it successful. */
  MARKED_SUCCEEDED,
  /** A fire skipped while paused runs after all, by the catch-up policy. */
  CAUGHT_UP,
  /** An operator held it back from starting. */
  HELD,
  /** An operator released its hold. */
  RELEASED,
  /**
   * Re-run by a pipeline retry: its pipeline's policy or an operator's {@code pipeline/retry}
   * (details {@code pipelineRetry}, {@code retries}, and {@code by} for an operator).
   */
  PIPELINE_RETRY,
  /** Recorded before reasons were kinds, and not recognised when they became so. */
  UNKNOWN;

  /** Whether a run in this state for this reason was decided by its upstream runs. */
  public boolean isUpstreamVerdict() {
    return this == UPSTREAM_PENDING
        || this == UPSTREAMS_MET
        || this == UPSTREAM_FAILED
        || this == UPSTREAM_SKIPPED
        || this == NO_UPSTREAM_FAILED
        || this == UPSTREAM_ENDED;
  }

  public String wireName() {
    return name().toLowerCase();
  }

  public static ReasonKind fromWire(String value) {
    return value == null ? UNKNOWN : valueOf(value.toUpperCase());
  }
}
