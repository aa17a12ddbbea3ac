package io.hydra.store.error;

/** The change conflicts with the current state (e.g. creating a job that exists). */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
