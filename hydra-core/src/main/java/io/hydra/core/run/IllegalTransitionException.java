package io.hydra.core.run;

/**
 * A requested change that the run's current state does not permit (e.g. re-running a running run).
 */
public class IllegalTransitionException extends RuntimeException {

  public IllegalTransitionException(String message) {
    super(message);
  }
}
