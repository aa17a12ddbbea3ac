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
  NOT_STARTED
}
