package io.hydra.core.run;

/**
 * A requested change that the run's current state does not permit (e.g. re-running a running run).
 */
public class IllegalTransitionException extends RuntimeException {

  /** The refused event; null for a creation in a state no run is created in. */
  private final transient RunEvent event;

  public IllegalTransitionException(String message) {
    this(message, null);
  }

  public IllegalTransitionException(String message, RunEvent event) {
    super(message);
    this.event = event;
  }

  /**
   * The refused event, if the refusal was of one: tests tell an operator's refused request (a
   * re-run of a running run) from an engine step the table wrongly refuses.
   */
  public RunEvent event() {
    return event;
  }
}
