package io.hydra.web.cli.jobs;

/** A failure the user can act on; the CLI prints its message as one line and exits with 1. */
public class CliException extends RuntimeException {

  public CliException(String message) {
    super(message);
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
