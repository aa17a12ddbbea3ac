package io.hydra.core.run;

/**
 * Everything that can happen to an attempt, as data: {@link AttemptLifecycle#step} says what each
 * event does from each {@link AttemptState}. Most are launcher reports (the launcher's task states
 * in {@code io.hydra.scheduler.launch.TaskState}); two are the engine's own decisions to stop the
 * task.
 */
public enum AttemptEvent {
  /** The launcher reports the task running (Mesos: staging, starting, running or killing). */
  REPORTED_RUNNING,
  /** The launcher reports the task exited 0. */
  REPORTED_SUCCEEDED,
  /** The launcher reports the task failed (and no timeout kill of it was recorded). */
  REPORTED_FAILED,
  /** The launcher reports the task killed (and no timeout kill of it was recorded). */
  REPORTED_KILLED,
  /**
   * The launcher reports the task failed or killed after the engine asked to stop it for running
   * past its deadline ({@link #DEADLINE_PASSED}): the attempt timed out.
   */
  TIMED_OUT,
  /** The launcher lost the task: it may have run, its outcome is unknown. */
  REPORTED_LOST,
  /** The launcher is certain the task never started. */
  REPORTED_NOT_STARTED,
  /** An operator, a replacing run or a cancelled backfill asks to stop the task. */
  KILL_REQUESTED,
  /** The attempt's deadline (the job's timeout) passed: the engine asks to stop the task. */
  DEADLINE_PASSED;

  public String wireName() {
    return name().toLowerCase();
  }
}
