package io.hydra.scheduler.launch;

/** Task states as launchers report them; the engine maps them onto attempt states. */
public enum TaskState {
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Stopped because Hydra asked ({@link Launcher#kill}). */
  KILLED,
  /** The launcher lost the task: it may have run, but its outcome is unknown. */
  LOST,
  /** The launcher is certain the task never started, so starting it is not a second launch. */
  NOT_STARTED;

  public boolean isTerminal() {
    return this != RUNNING;
  }
}
