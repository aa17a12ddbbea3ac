package io.hydra.core.run;

/** Where one attempt (one task) is. */
public enum AttemptState {
  /** Recorded before the launcher is called: a crash here is reconciled, not relaunched blindly. */
  LAUNCHING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED,
  /** The launcher lost track of the task (its machine died, or it never started). */
  LOST;

  public boolean isTerminal() {
    return this != LAUNCHING && this != RUNNING;
  }

  public String wireName() {
    return name().toLowerCase();
  }

  public static AttemptState fromWire(String value) {
    return valueOf(value.toUpperCase());
  }
}
