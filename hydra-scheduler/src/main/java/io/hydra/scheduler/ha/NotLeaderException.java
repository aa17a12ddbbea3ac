package io.hydra.scheduler.ha;

/** A leader-only write was attempted without a valid lease; the transaction is rolled back. */
public final class NotLeaderException extends RuntimeException {

  public NotLeaderException(String message) {
    super(message);
  }
}
