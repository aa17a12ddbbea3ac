package io.hydra.core.run;

/** How an attempt ended, as far as the run's lifecycle cares. */
public enum AttemptOutcome {
  SUCCEEDED,
  FAILED,
  /** Killed by Hydra because it ran longer than the job's timeout. */
  TIMED_OUT,
  /** Killed because an operator asked. */
  KILLED,
  /** The launcher lost the task; it may have run (at-least-once: retried like a failure). */
  LOST,
  /** Certainly never started: starting it again is not a second launch. */
  NOT_STARTED;

  /** The reason kind of an attempt that ended this way, for its run and for the attempt itself. */
  public ReasonKind reasonKind() {
    return switch (this) {
      case SUCCEEDED -> ReasonKind.ATTEMPT_SUCCEEDED;
      case FAILED -> ReasonKind.ATTEMPT_FAILED;
      case TIMED_OUT -> ReasonKind.ATTEMPT_TIMED_OUT;
      case KILLED -> ReasonKind.ATTEMPT_KILLED;
      case LOST -> ReasonKind.ATTEMPT_LOST;
      case NOT_STARTED -> ReasonKind.ATTEMPT_NOT_STARTED;
    };
  }
}
