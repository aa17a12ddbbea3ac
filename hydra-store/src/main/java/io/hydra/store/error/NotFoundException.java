package io.hydra.store.error;

/** The named thing (job, run, attempt) does not exist. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
